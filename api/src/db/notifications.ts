import type { Notification } from '../../../contract';
import type { NewNotification } from '../../../domain';
import type { Db } from './database';

// Notifications and conversation read marks (docs/architecture.md §6).

const SELECT = `SELECT id, kind, title, body, link, created_at AS createdAt, read_at AS readAt
  FROM notifications`;

export function insertNotification(db: Db, n: NewNotification): Notification {
  db.prepare(
    `INSERT INTO notifications (id, user_id, kind, title, body, link, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(n.id, n.userId, n.kind, n.title, n.body, n.link, n.createdAt);
  return db.prepare(`${SELECT} WHERE id = ?`).get(n.id) as Notification;
}

export function listNotifications(db: Db, userId: string, limit: number): Notification[] {
  return db
    .prepare(`${SELECT} WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`)
    .all(userId, limit) as Notification[];
}

export function unreadNotifications(db: Db, userId: string): number {
  const row = db
    .prepare('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL')
    .get(userId) as { n: number };
  return row.n;
}

/** Marks the person's own unread ones read; answers the ids that changed. */
export function markNotificationsRead(
  db: Db,
  userId: string,
  ids: readonly string[] | 'all',
  at: string,
): string[] {
  const rows = (
    ids === 'all'
      ? db.prepare('SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL').all(userId)
      : db
          .prepare(
            `SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL
             AND id IN (SELECT value FROM json_each(?))`,
          )
          .all(userId, JSON.stringify(ids))
  ) as Array<{ id: string }>;
  const changed = rows.map((r) => r.id);
  if (changed.length) {
    db.prepare(
      'UPDATE notifications SET read_at = ? WHERE id IN (SELECT value FROM json_each(?))',
    ).run(at, JSON.stringify(changed));
  }
  return changed;
}

export function markTicketRead(db: Db, ticketId: string, userId: string): void {
  db.prepare(
    `INSERT INTO ticket_reads (ticket_id, user_id, last_read_seq)
     VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) FROM chat_messages WHERE ticket_id = ?))
     ON CONFLICT (ticket_id, user_id) DO UPDATE SET last_read_seq = excluded.last_read_seq`,
  ).run(ticketId, userId, ticketId);
}

export function unreadCounts(
  db: Db,
  userId: string,
  ticketIds: readonly string[],
): Record<string, number> {
  const rows = db
    .prepare(
      `SELECT m.ticket_id AS ticketId, COUNT(*) AS n FROM chat_messages m
       LEFT JOIN ticket_reads r ON r.ticket_id = m.ticket_id AND r.user_id = ?
       WHERE m.ticket_id IN (SELECT value FROM json_each(?)) AND m.sender_id <> ?
         AND m.seq > COALESCE(r.last_read_seq, 0)
       GROUP BY m.ticket_id`,
    )
    .all(userId, JSON.stringify(ticketIds), userId) as Array<{ ticketId: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.ticketId, r.n]));
}
