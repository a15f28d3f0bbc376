import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sqliteMigrations } from './migrations';
import type { Dialect, Params, Sql } from './sql';

/**
 * A database the API can run on (ADR 0101): SQLite embedded (the default, one process) or
 * PostgreSQL (`DATABASE_URL`, any number of API processes). Everything above this runs the
 * same queries through `Sql`.
 */
export interface Database {
  readonly dialect: Dialect;
  /** Statements outside a transaction, each on its own (sessions, sign-in, the outbox). */
  readonly sql: Sql;
  /** A consistent read: sees no other caller's uncommitted writes. */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * One serializable write transaction: all of `work` is stored or none of it. `work` may run
   * again (PostgreSQL, after a deadlock), so it must do nothing but SQL.
   */
  write<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqliteDb = BetterSqlite3.Database;

export interface SqliteDatabase extends Database {
  readonly dialect: 'sqlite';
  /** The better-sqlite3 handle (tests copy a seeded database with `serialize()`). */
  readonly handle: SqliteDb;
}

/**
 * Opens (or creates) the SQLite database and brings its schema up to date.
 * `':memory:'` gives a private in-memory database (tests); a Buffer from `serialize()` gives
 * an in-memory copy of that database (tests seed once and copy).
 */
export function openSqlite(file: string | Buffer): SqliteDatabase {
  if (typeof file === 'string' && file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
  }
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Another process holding the write lock (a CLI, a backup) waits instead of failing.
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);
  return sqliteDatabase(db);
}

/** Runs every migration newer than `user_version`, each in its own transaction. */
function migrateSqlite(db: SqliteDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const [index, sql] of sqliteMigrations.entries()) {
    const version = index + 1;
    if (version <= current) continue;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}

function sqliteDatabase(db: SqliteDb): SqliteDatabase {
  // One compiled statement per SQL text (compiling was the token endpoint's largest database
  // cost). Every text comes from fixed fragments, so the cache is bounded.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const statement = (text: string) => {
    let s = statements.get(text);
    if (!s) {
      s = db.prepare(text);
      statements.set(text, s);
    }
    return s;
  };
  const args = (params: Params | undefined): unknown[] =>
    params === undefined ? [] : Array.isArray(params) ? params : [params];

  const sql: Sql = {
    dialect: 'sqlite',
    all: async <T>(text: string, params?: Params) => statement(text).all(...args(params)) as T[],
    get: async <T>(text: string, params?: Params) =>
      statement(text).get(...args(params)) as T | undefined,
    run: async (text, params) => statement(text).run(...args(params)).changes,
  };

  // One connection serves every caller, so one queue orders transactions: a read never sees
  // a write that is half-way through its awaits, and SQLite's single writer never nests.
  const serially = serialQueue();
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  return {
    dialect: 'sqlite',
    handle: db,
    sql: {
      dialect: 'sqlite',
      all: (text, params) => serially(() => sql.all(text, params)),
      get: (text, params) => serially(() => sql.get(text, params)),
      run: (text, params) => serially(() => sql.run(text, params)),
    },
    read: (work) => serially(() => work(sql)),
    write: (work) =>
      serially(async () => {
        begin.run();
        try {
          const result = await work(sql);
          commit.run();
          return result;
        } catch (error) {
          if (db.inTransaction) rollback.run();
          throw error;
        }
      }),
    close: async () => {
      await serially(async () => db.close());
    },
  };
}

/** Runs queued work one at a time, in arrival order. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}
