import type { Notification } from '../../../contract';
import type { NewNotification } from '../../../domain';
import { jsonValues, type Sql } from './sql';

// Notifications and conversation read marks (docs/architecture.md §6).

const SELECT = `SELECT id, kind, title, body, link, created_at AS "createdAt", read_at AS "readAt"
  FROM notifications`;

export async function insertNotification(sql: Sql, n: NewNotification): Promise<Notification> {
  await sql.run(
    `INSERT INTO notifications (id, user_id, kind, title, body, link, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [n.id, n.userId, n.kind, n.title, n.body, n.link, n.createdAt],
  );
  // As stored: nothing the database adds but the unread mark.
  const { id, kind, title, body, link, createdAt } = n;
  return { id, kind, title, body, link, createdAt, readAt: null };
}

export function listNotifications(
  sql: Sql,
  userId: string,
  limit: number,
): Promise<Notification[]> {
  return sql.all<Notification>(
    `${SELECT} WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    [userId, limit],
  );
}

export async function unreadNotifications(sql: Sql, userId: string): Promise<number> {
  const row = await sql.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL',
    [userId],
  );
  return row!.n;
}

/** Marks the person's own unread ones read; answers the ids that changed. */
export async function markNotificationsRead(
  sql: Sql,
  userId: string,
  ids: readonly string[] | 'all',
  at: string,
): Promise<string[]> {
  const rows =
    ids === 'all'
      ? await sql.all<{ id: string }>(
          'SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL',
          [userId],
        )
      : await sql.all<{ id: string }>(
          `SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL
           AND id IN (SELECT value FROM ${jsonValues(sql)})`,
          [userId, JSON.stringify(ids)],
        );
  const changed = rows.map((r) => r.id);
  if (changed.length) {
    await sql.run(
      `UPDATE notifications SET read_at = ? WHERE id IN (SELECT value FROM ${jsonValues(sql)})`,
      [at, JSON.stringify(changed)],
    );
  }
  return changed;
}

export async function markTicketRead(sql: Sql, ticketId: string, userId: string): Promise<void> {
  await sql.run(
    `INSERT INTO ticket_reads (ticket_id, user_id, last_read_seq)
     VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) FROM chat_messages WHERE ticket_id = ?))
     ON CONFLICT (ticket_id, user_id) DO UPDATE SET last_read_seq = excluded.last_read_seq`,
    [ticketId, userId, ticketId],
  );
}

export async function unreadCounts(
  sql: Sql,
  userId: string,
  ticketIds: readonly string[],
): Promise<Record<string, number>> {
  const rows = await sql.all<{ ticketId: string; n: number }>(
    `SELECT m.ticket_id AS "ticketId", COUNT(*) AS n FROM chat_messages m
     LEFT JOIN ticket_reads r ON r.ticket_id = m.ticket_id AND r.user_id = ?
     WHERE m.ticket_id IN (SELECT value FROM ${jsonValues(sql)}) AND m.sender_id <> ?
       AND m.seq > COALESCE(r.last_read_seq, 0)
     GROUP BY m.ticket_id`,
    [userId, JSON.stringify(ticketIds), userId],
  );
  return Object.fromEntries(rows.map((r) => [r.ticketId, r.n]));
}
