import type { BookingNote } from '../../../contract';
import type { Sql } from './sql';

const SELECT = `
  SELECT n.id, n.booking_id AS "bookingId", n.author_id AS "authorId", u.name AS "authorName",
         n.text, n.created_at AS "createdAt"
  FROM booking_notes n JOIN users u ON u.id = n.author_id`;

export function listNotes(sql: Sql, bookingId: string): Promise<BookingNote[]> {
  return sql.all<BookingNote>(`${SELECT} WHERE n.booking_id = ? ORDER BY n.created_at, n.rowid`, [
    bookingId,
  ]);
}

export async function insertNote(
  sql: Sql,
  note: { id: string; bookingId: string; authorId: string; text: string; createdAt: string },
): Promise<BookingNote> {
  await sql.run(
    'INSERT INTO booking_notes (id, booking_id, author_id, text, created_at) VALUES (?, ?, ?, ?, ?)',
    [note.id, note.bookingId, note.authorId, note.text, note.createdAt],
  );
  return (await sql.get<BookingNote>(`${SELECT} WHERE n.id = ?`, [note.id]))!;
}
