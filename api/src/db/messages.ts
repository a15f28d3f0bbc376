import type { ChatMessage, Role } from '../../../contract';
import { jsonValues, type Sql } from './sql';

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

export async function insertMessage(
  sql: Sql,
  m: { id: string; ticketId: string; senderId: string; content: string; createdAt: string },
): Promise<ChatMessage> {
  await sql.run(
    'INSERT INTO chat_messages (id, ticket_id, sender_id, content, created_at) VALUES (?, ?, ?, ?, ?)',
    [m.id, m.ticketId, m.senderId, m.content, m.createdAt],
  );
  return toMessage((await sql.get<MessageRow>(`${SELECT} WHERE m.id = ?`, [m.id]))!);
}

/**
 * One page of a conversation: the `limit` newest messages older than `before` (a message id),
 * returned oldest first, and whether older ones remain. Null when `before` is not a message
 * of this ticket.
 */
export async function pageMessages(
  sql: Sql,
  ticketId: string,
  before: string | undefined,
  limit: number,
): Promise<{ messages: ChatMessage[]; hasMore: boolean } | null> {
  let beforeSeq = Number.MAX_SAFE_INTEGER;
  if (before) {
    const row = await sql.get<{ seq: number }>(
      'SELECT seq FROM chat_messages WHERE id = ? AND ticket_id = ?',
      [before, ticketId],
    );
    if (!row) return null;
    beforeSeq = row.seq;
  }
  const rows = await sql.all<MessageRow>(
    `${SELECT} WHERE m.ticket_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`,
    [ticketId, beforeSeq, limit + 1],
  );
  const hasMore = rows.length > limit;
  return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
}

/** When `senderId`'s messages since `since` were sent (the chat rate limit), oldest first. */
export async function sentSince(sql: Sql, senderId: string, since: string): Promise<string[]> {
  const rows = await sql.all<{ created_at: string }>(
    'SELECT created_at FROM chat_messages WHERE sender_id = ? AND created_at >= ? ORDER BY seq',
    [senderId, since],
  );
  return rows.map((r) => r.created_at);
}

/** Per ticket, its newest message (the support lists' preview). */
export async function lastMessages(
  sql: Sql,
  ticketIds: readonly string[],
): Promise<Record<string, ChatMessage>> {
  const rows = await sql.all<MessageRow>(
    `${SELECT} WHERE m.seq IN (SELECT MAX(seq) FROM chat_messages
       WHERE ticket_id IN (SELECT value FROM ${jsonValues(sql)}) GROUP BY ticket_id)`,
    [JSON.stringify(ticketIds)],
  );
  return Object.fromEntries(rows.map((r) => [r.ticket_id, toMessage(r)]));
}
