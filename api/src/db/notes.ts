import type { BookingNote } from '../../../contract';
import type { Db } from './database';

const SELECT = `
  SELECT n.id, n.booking_id AS bookingId, n.author_id AS authorId, u.name AS authorName,
         n.text, n.created_at AS createdAt
  FROM booking_notes n JOIN users u ON u.id = n.author_id`;

export function listNotes(db: Db, bookingId: string): BookingNote[] {
  return db
    .prepare(`${SELECT} WHERE n.booking_id = ? ORDER BY n.created_at, n.rowid`)
    .all(bookingId) as BookingNote[];
}

export function insertNote(
  db: Db,
  note: { id: string; bookingId: string; authorId: string; text: string; createdAt: string },
): BookingNote {
  db.prepare(
    'INSERT INTO booking_notes (id, booking_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(note.id, note.bookingId, note.authorId, note.text, note.createdAt);
  return db.prepare(`${SELECT} WHERE n.id = ?`).get(note.id) as BookingNote;
}
