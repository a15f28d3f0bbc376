import type pg from 'pg';
import type { Publish } from '../../../contract';
import type { Database } from './database';
import type { PostgresDatabase } from './postgres';
import { jsonValues, type Sql } from './sql';

// The outbox: publishes stored in the same transaction as the change that planned them, and
// deleted once the realtime service has acknowledged them (ADR 0081).

export interface OutboxRow {
  seq: number;
  /** The message id: stable across retries, so Ably and the local broker deduplicate. */
  id: string;
  channel: string;
  name: string;
  data: string;
  createdAt: number;
}

/** The PostgreSQL notification channel a commit that stored publishes raises (migration 2). */
const COMMITTED = 'glowdesk_outbox';
/** Advisory lock held by the one process that drains the outbox ("outb" as an int). */
const DRAINER_LOCK = 0x6f757462;

export async function addToOutbox(
  sql: Sql,
  publishes: readonly Publish[],
  newId: () => string,
  nowMs: number,
): Promise<void> {
  if (publishes.length === 0) return;
  // One statement for the change's whole fan-out. On PostgreSQL a statement trigger raises
  // NOTIFY, delivered on commit: every API process listens, and the one draining wakes at once.
  await sql.run(
    `INSERT INTO outbox (id, channel, name, data, created_at) VALUES ${publishes.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
    publishes.flatMap((p) => [newId(), p.channel, p.name, JSON.stringify(p.data), nowMs]),
  );
}

/** What the publisher needs of the stored outbox. */
export interface OutboxQueue {
  /** The oldest `limit` rows, in the order they were stored. */
  oldest(limit: number): Promise<OutboxRow[]>;
  remove(seqs: readonly number[]): Promise<void>;
  backlog(nowMs: number): Promise<{ pending: number; oldestAgeMs: number }>;
  /**
   * Whether this process may deliver now. With several API processes on one database exactly
   * one does (so no row is sent twice, and each channel's order holds); the others stand by and
   * take over when it stops. One process: always.
   */
  claim(): Promise<boolean>;
  /** Calls `wake` when another process commits publishes (PostgreSQL); returns a stop. */
  watch(wake: () => void): Promise<() => Promise<void>>;
  /**
   * Several processes: how often to look anyway (a standby tries to take over; the drainer
   * catches a notification lost with its listening connection). Null: only when kicked.
   */
  pollMs: number | null;
}

export function outboxQueue(database: Database): OutboxQueue {
  const { sql } = database;
  const queue: OutboxQueue = {
    oldest: (limit) =>
      sql.all<OutboxRow>(
        `SELECT seq, id, channel, name, data, created_at AS "createdAt"
         FROM outbox ORDER BY seq LIMIT ?`,
        [limit],
      ),
    async remove(seqs) {
      await sql.run(
        `DELETE FROM outbox WHERE seq IN (SELECT CAST(value AS BIGINT) FROM ${jsonValues(sql)})`,
        [JSON.stringify(seqs)],
      );
    },
    async backlog(nowMs) {
      const row = await sql.get<{ n: number; oldest: number | null }>(
        'SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox',
      );
      const oldest = row?.oldest ?? null;
      return {
        pending: row?.n ?? 0,
        oldestAgeMs: oldest === null ? 0 : Math.max(0, nowMs - oldest),
      };
    },
    claim: async () => true,
    watch: async () => async () => {},
    pollMs: null,
  };
  return database.dialect === 'postgres'
    ? { ...queue, ...postgresDrainer(database as PostgresDatabase) }
    : queue;
}

/**
 * Several processes: a session-level advisory lock names the drainer. It is held on a
 * connection of its own, so it goes when the process (or its connection) dies, and the next
 * `claim()` elsewhere takes over. A batch the old drainer sent but had not yet deleted is sent
 * again with the same message ids, which Ably and the local broker deduplicate.
 */
function postgresDrainer(
  database: PostgresDatabase,
): Pick<OutboxQueue, 'claim' | 'watch' | 'pollMs'> {
  let holder: pg.Client | null = null;
  let claiming: Promise<boolean> | null = null;
  const claim = async (): Promise<boolean> => {
    if (holder) return true;
    const client = await database.connect();
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [DRAINER_LOCK],
    );
    if (!rows[0]?.locked) {
      await client.end();
      return false;
    }
    client.once('error', () => {
      if (holder === client) holder = null;
    });
    client.once('end', () => {
      if (holder === client) holder = null;
    });
    holder = client;
    return true;
  };
  return {
    pollMs: 1000,
    claim: () => {
      claiming ??= claim().finally(() => {
        claiming = null;
      });
      return claiming;
    },
    async watch(wake) {
      const listener = await database.connect();
      listener.on('notification', () => wake());
      await listener.query(`LISTEN ${COMMITTED}`);
      return async () => {
        await listener.end().catch(() => {});
        const held = holder;
        holder = null;
        await held?.end().catch(() => {});
      };
    },
  };
}
