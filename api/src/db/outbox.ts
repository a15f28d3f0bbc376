import type { Publish } from '../../../contract';
import type { Db } from './database';

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

export function addToOutbox(
  db: Db,
  publishes: readonly Publish[],
  newId: () => string,
  nowMs: number,
): void {
  const insert = db.prepare(
    'INSERT INTO outbox (id, channel, name, data, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  for (const p of publishes) insert.run(newId(), p.channel, p.name, JSON.stringify(p.data), nowMs);
}

/** The oldest `limit` rows, in the order they were stored. */
export function oldestInOutbox(db: Db, limit: number): OutboxRow[] {
  return db
    .prepare(
      `SELECT seq, id, channel, name, data, created_at AS createdAt
       FROM outbox ORDER BY seq LIMIT ?`,
    )
    .all(limit) as OutboxRow[];
}

export function removeFromOutbox(db: Db, seqs: readonly number[]): void {
  db.prepare('DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))').run(
    JSON.stringify(seqs),
  );
}

export function outboxBacklog(db: Db, nowMs: number): { pending: number; oldestAgeMs: number } {
  const row = db.prepare('SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox').get() as {
    n: number;
    oldest: number | null;
  };
  return { pending: row.n, oldestAgeMs: row.oldest === null ? 0 : Math.max(0, nowMs - row.oldest) };
}
