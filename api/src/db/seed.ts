import { demoBranchIn, demoSalon } from '../../../contract';
import { hashPassword } from '../auth/password';
import { insertBookingRaw } from './bookings';
import { insertBranch, insertService, insertStaff } from './catalog';
import { setPhone } from './customers';
import { type Db, inTransaction } from './database';
import { insertMessage } from './messages';
import { insertTicket } from './tickets';
import { insertUser } from './users';

export function isEmpty(db: Db): boolean {
  const row = db.prepare('SELECT COUNT(*) AS n FROM branches').get() as { n: number };
  return row.n === 0;
}

/**
 * The demo salon (docs/architecture.md §11) from `contract/demoData`: branch (in `timeZone`, default the
 * host's), services, staff, users (password `glowdesk-demo`), bookings around the branch's
 * today, Ben's waiting ticket. Does nothing when the database already has a branch.
 */
export async function seedDemo(
  db: Db,
  now: Date = new Date(),
  timeZone?: string,
): Promise<boolean> {
  if (!isEmpty(db)) return false;
  const salon = demoSalon(now, timeZone);
  const hashes = await Promise.all(salon.users.map(() => hashPassword(salon.password)));
  const stamp = now.toISOString();
  return inTransaction(db, () => {
    if (!isEmpty(db)) return false;
    insertBranch(db, salon.branch);
    for (const [i, s] of salon.services.entries()) insertService(db, s, i);
    for (const [i, u] of salon.users.entries()) insertUser(db, u, hashes[i]!, stamp);
    for (const [userId, phone] of Object.entries(salon.phones)) setPhone(db, userId, phone);
    for (const [i, s] of salon.staff.entries()) insertStaff(db, s, i);
    for (const b of salon.bookings) insertBookingRaw(db, b);
    for (const t of salon.tickets) insertTicket(db, t);
    for (const m of salon.messages) {
      insertMessage(db, {
        id: m.id,
        ticketId: m.sessionId,
        senderId: m.senderId,
        content: m.content,
        createdAt: m.timestamp,
      });
    }
    return true;
  });
}

/** A database with no demo data still needs its branch so customers can register and book. */
export function ensureBranch(db: Db, timeZone?: string): void {
  if (isEmpty(db)) insertBranch(db, demoBranchIn(timeZone));
}
