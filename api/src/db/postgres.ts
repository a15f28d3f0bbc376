import pg from 'pg';
import type { Database } from './database';
import { postgresMigrations } from './migrations';
import { type Params, postgresValues, type Sql, toPostgres } from './sql';

// The PostgreSQL database (ADR 0101): a connection pool shared by every request of this process,
// and any number of processes on the same database. Writers take turns: each write transaction
// first takes a database-wide advisory lock, so no two run at once in any process (as SQLite's
// one writer in one process), and every rule the domain checks inside a transaction (no
// double booking, first claim wins, version checks) holds across processes (ADR 0080).
// Reads never wait for it.

// COUNT(*), BIGINT sequences and millisecond timestamps come back as numbers, as on SQLite
// (all of ours are far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** SQLSTATEs after which the whole transaction is run again (say, a deadlock with an autocommit write). */
const RETRYABLE = new Set(['40001' /* serialization_failure */, '40P01' /* deadlock_detected */]);
const MAX_ATTEMPTS = 30;
/** Advisory lock key taken while migrating ("glow" as an int). */
const MIGRATION_LOCK = 0x676c6f77;
/**
 * Every write transaction starts with this, in one round trip: the advisory lock ("writ") is
 * held until COMMIT or ROLLBACK. READ COMMITTED takes a snapshot per statement, so everything
 * after the lock sees every write before it; with no other writer running, the transaction's
 * reads cannot go stale before it commits. (SERIALIZABLE would take its snapshot before the
 * lock wait and fail; without the lock it starves under load — ADR 0101.)
 */
const BEGIN_WRITE = `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${0x77726974})`;
const BEGIN_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

export interface PostgresDatabase extends Database {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  /** A connection of its own, outside the pool (LISTEN, session-level advisory locks). */
  connect(): Promise<pg.Client>;
}

export interface PostgresOptions {
  /** Connections in this process's pool (default 10). */
  poolSize?: number;
}

function sqlOn(client: pg.Pool | pg.PoolClient | pg.Client): Sql {
  const query = async (text: string, params: Params | undefined) => {
    const translated = toPostgres(text);
    return client.query(translated.text, postgresValues(translated, params));
  };
  return {
    dialect: 'postgres',
    all: async <T>(text: string, params?: Params) => (await query(text, params)).rows as T[],
    get: async <T>(text: string, params?: Params) =>
      (await query(text, params)).rows[0] as T | undefined,
    run: async (text, params) => (await query(text, params)).rowCount ?? 0,
  };
}

const sqlState = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;

/** Connects, and brings the schema up to date (one process at a time migrates). */
export async function openPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection's error (the server restarted) must not crash the process; the pool
  // drops that connection and the next query opens another.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  async function transaction<T>(begin: string, work: (sql: Sql) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query(begin);
        const result = await work(sqlOn(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        if (!RETRYABLE.has(sqlState(error) ?? '') || attempt >= MAX_ATTEMPTS) throw error;
      } finally {
        client.release(broken);
      }
      // Back off a little, with jitter, so the racers do not collide again in step.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    }
  }

  return {
    dialect: 'postgres',
    pool,
    sql: sqlOn(pool),
    read: (work) => transaction(BEGIN_READ, work),
    write: (work) => transaction(BEGIN_WRITE, work),
    connect: async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      return client;
    },
    close: () => pool.end(),
  };
}

/** Runs every migration newer than the stored version, under an advisory lock. */
async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = (await client.query('SELECT version FROM schema_version')).rows[0] as
      | { version: number }
      | undefined;
    if (!row) await client.query('INSERT INTO schema_version VALUES (0)');
    const current = row?.version ?? 0;
    for (const [index, sql] of postgresMigrations.entries()) {
      const version = index + 1;
      if (version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('UPDATE schema_version SET version = $1', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}
