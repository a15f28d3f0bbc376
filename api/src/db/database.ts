import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (or creates) the SQLite database and brings its schema up to date.
 * `':memory:'` gives a private in-memory database (tests); a Buffer from `db.serialize()`
 * gives an in-memory copy of that database (tests seed once and copy).
 */
export function openDatabase(file: string | Buffer): Db {
  if (typeof file === 'string' && file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true });
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // Another process holding the write lock (a second server, a CLI) waits instead of failing.
  db.pragma('busy_timeout = 5000');
  cacheStatements(db);
  migrate(db);
  return db;
}

/**
 * Makes `db.prepare(sql)` return one compiled statement per SQL text instead of compiling
 * on every call (it was the token endpoint's largest database cost). Safe because every SQL
 * text we build comes from a fixed set of fragments, and no caller changes a statement's
 * mode (`pluck`, `raw`, `expand`).
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = compile(sql);
      statements.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/** Runs every migration newer than `user_version`, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const [index, sql] of migrations.entries()) {
    const version = index + 1;
    if (version <= current) continue;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}

/** Runs `fn` in an IMMEDIATE transaction: the write lock is taken before anything is read. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
