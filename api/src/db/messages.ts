import type { ChatMessage, Role } from '../../../contract';
import type { Db } from './database';

interface MessageRow {
  seq: number;
  id: string;
  ticket_id: string;
  sender_id: string;
  sender_name: string;
  sender_role: Role;
  content: string;
  created_at: string;
}

const SELECT = `
  SELECT m.seq, m.id, m.ticket_id, m.sender_id, u.name AS sender_name, u.role AS sender_role,
         m.content, m.created_at
  FROM chat_messages m JOIN users u ON u.id = m.sender_id`;

const toMessage = (r: MessageRow): ChatMessage => ({
  id: r.id,
  sessionId: r.ticket_id,
  senderId: r.sender_id,
  senderName: r.sender_name,
  senderRole: r.sender_role,
  content: r.content,
  timestamp: r.created_at,
});

export function insertMessage(
  db: Db,
  m: { id: string; ticketId: string; senderId: string; content: string; createdAt: string },
): ChatMessage {
  db.prepare(
    'INSERT INTO chat_messages (id, ticket_id, sender_id, content, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(m.id, m.ticketId, m.senderId, m.content, m.createdAt);
  return toMessage(db.prepare(`${SELECT} WHERE m.id = ?`).get(m.id) as MessageRow);
}

/**
 * One page of a conversation: the `limit` newest messages older than `before` (a message id),
 * returned oldest first, and whether older ones remain. Null when `before` is not a message
 * of this ticket.
 */
export function pageMessages(
  db: Db,
  ticketId: string,
  before: string | undefined,
  limit: number,
): { messages: ChatMessage[]; hasMore: boolean } | null {
  let beforeSeq = Number.MAX_SAFE_INTEGER;
  if (before) {
    const row = db
      .prepare('SELECT seq FROM chat_messages WHERE id = ? AND ticket_id = ?')
      .get(before, ticketId) as { seq: number } | undefined;
    if (!row) return null;
    beforeSeq = row.seq;
  }
  const rows = db
    .prepare(`${SELECT} WHERE m.ticket_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`)
    .all(ticketId, beforeSeq, limit + 1) as MessageRow[];
  const hasMore = rows.length > limit;
  return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
}

/** When `senderId`'s messages since `since` were sent (the chat rate limit), oldest first. */
export function sentSince(db: Db, senderId: string, since: string): string[] {
  const rows = db
    .prepare(
      'SELECT created_at FROM chat_messages WHERE sender_id = ? AND created_at >= ? ORDER BY seq',
    )
    .all(senderId, since) as Array<{ created_at: string }>;
  return rows.map((r) => r.created_at);
}

/** Per ticket, its newest message (the support lists' preview). */
export function lastMessages(db: Db, ticketIds: readonly string[]): Record<string, ChatMessage> {
  const rows = db
    .prepare(
      `${SELECT} WHERE m.seq IN (SELECT MAX(seq) FROM chat_messages
         WHERE ticket_id IN (SELECT value FROM json_each(?)) GROUP BY ticket_id)`,
    )
    .all(JSON.stringify(ticketIds)) as MessageRow[];
  return Object.fromEntries(rows.map((r) => [r.ticket_id, toMessage(r)]));
}
