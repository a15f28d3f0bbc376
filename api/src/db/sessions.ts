import type { User } from '../../../contract';
import type { Sql } from './sql';
import { toUser, type UserRow } from './users';

// Server-side sessions (ADR 0082): the cookie holds a random token; the table holds its
// HMAC (a leaked database does not sign anyone in), who it is, and whether it still counts.
// In the database, so any API process can serve any request (ADR 0101).

export async function insertSession(
  sql: Sql,
  s: { id: string; userId: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await sql.run(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at)
     VALUES (?, ?, ?, ?, ?)`,
    [s.id, s.userId, s.createdAt, s.createdAt, s.expiresAt],
  );
}

export interface LiveSession {
  id: string;
  user: User;
  lastSeenAt: string;
}

/** The session if it exists, is not revoked and has not expired at `now`, with its user. */
export async function findLiveSession(
  sql: Sql,
  id: string,
  now: string,
): Promise<LiveSession | null> {
  const row = await sql.get<UserRow & { session_id: string; last_seen_at: string }>(
    `SELECT s.id AS session_id, s.last_seen_at, u.* FROM sessions s
     JOIN users u ON u.id = s.user_id
     WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?`,
    [id, now],
  );
  return row ? { id: row.session_id, user: toUser(row), lastSeenAt: row.last_seen_at } : null;
}

export async function touchSession(sql: Sql, id: string, now: string): Promise<void> {
  await sql.run('UPDATE sessions SET last_seen_at = ? WHERE id = ?', [now, id]);
}

export async function revokeSession(sql: Sql, id: string, now: string): Promise<void> {
  await sql.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [
    now,
    id,
  ]);
}

/** Every live session of a user ("sign out everywhere", a password or role change). */
export function revokeUserSessions(sql: Sql, userId: string, now: string): Promise<number> {
  return sql.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [
    now,
    userId,
  ]);
}
