import {
  DEMO_PASSWORD,
  demoActivity,
  demoBranch,
  demoServices,
  demoStaff,
  demoUsers,
  localDate,
} from '../../../contract';
import { hashPassword } from '../auth/password';
import { insertBookingRaw } from './bookings';
import { insertBranch, insertService, insertStaff } from './catalog';
import { type Db, inTransaction } from './database';
import { insertMessage } from './messages';
import { insertTicket } from './tickets';
import { insertUser } from './users';

export function isEmpty(db: Db): boolean {
  const row = db.prepare('SELECT COUNT(*) AS n FROM branches').get() as { n: number };
  return row.n === 0;
}

/**
 * The demo salon (DESIGN §11) from `contract/demoData`: branch, services, staff, users
 * (password `glowdesk-demo`), bookings today and tomorrow, Ben's waiting ticket.
 * Does nothing when the database already has a branch.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  if (!isEmpty(db)) return false;
  const hashes = await Promise.all(demoUsers.map(() => hashPassword(DEMO_PASSWORD)));
  const stamp = now.toISOString();
  const activity = demoActivity(localDate(now), stamp);
  return inTransaction(db, () => {
    if (!isEmpty(db)) return false;
    insertBranch(db, demoBranch);
    for (const [i, s] of demoServices.entries()) insertService(db, s, i);
    for (const [i, u] of demoUsers.entries()) insertUser(db, u, hashes[i]!, stamp);
    for (const [i, s] of demoStaff.entries()) {
      insertStaff(db, { ...s, branchId: demoBranch.id }, i);
    }
    for (const b of activity.bookings) insertBookingRaw(db, b);
    for (const t of activity.tickets) {
      insertTicket(db, { ...t, createdAt: t.createdAt });
    }
    for (const m of activity.messages) {
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
export function ensureBranch(db: Db): void {
  if (isEmpty(db)) insertBranch(db, demoBranch);
}
