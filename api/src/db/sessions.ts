import type { User } from '../../../contract';
import type { Db } from './database';
import { findUserById } from './users';

// Server-side sessions (ADR 0082): the cookie holds a random token; the table holds its
// SHA-256 (a leaked database does not sign anyone in), who it is, and whether it still counts.

export function insertSession(
  db: Db,
  s: { id: string; userId: string; createdAt: string; expiresAt: string },
): void {
  db.prepare(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(s.id, s.userId, s.createdAt, s.createdAt, s.expiresAt);
}

export interface LiveSession {
  id: string;
  user: User;
  lastSeenAt: string;
}

/** The session if it exists, is not revoked and has not expired at `now`. */
export function findLiveSession(db: Db, id: string, now: string): LiveSession | null {
  const row = db
    .prepare(
      `SELECT id, user_id, last_seen_at FROM sessions
       WHERE id = ? AND revoked_at IS NULL AND expires_at > ?`,
    )
    .get(id, now) as { id: string; user_id: string; last_seen_at: string } | undefined;
  if (!row) return null;
  const user = findUserById(db, row.user_id);
  return user ? { id: row.id, user, lastSeenAt: row.last_seen_at } : null;
}

export function touchSession(db: Db, id: string, now: string): void {
  db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, id);
}

export function revokeSession(db: Db, id: string, now: string): void {
  db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id);
}

/** Every live session of a user ("sign out everywhere", a password or role change). */
export function revokeUserSessions(db: Db, userId: string, now: string): number {
  return db
    .prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
    .run(now, userId).changes;
}
