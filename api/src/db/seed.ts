import { demoBranchIn, demoSalon } from '../../../contract';
import { hashPassword } from '../auth/password';
import { insertBookingRaw } from './bookings';
import { insertBranch, insertService, insertStaff } from './catalog';
import { setPhone } from './customers';
import type { Database } from './database';
import { insertMessage } from './messages';
import type { Sql } from './sql';
import { insertTicket } from './tickets';
import { insertUser } from './users';

async function isEmpty(sql: Sql): Promise<boolean> {
  const row = await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM branches');
  return row!.n === 0;
}

/**
 * The demo salon (docs/architecture.md §11) from `contract/demoData`: branch (in `timeZone`, default the
 * host's), services, staff, users (password `glowdesk-demo`), bookings around the branch's
 * today, Ben's waiting ticket. Does nothing when the database already has a branch (also when
 * several processes start on one database at once: the check is inside the transaction).
 */
export async function seedDemo(
  database: Database,
  now: Date = new Date(),
  timeZone?: string,
): Promise<boolean> {
  if (!(await isEmpty(database.sql))) return false;
  const salon = demoSalon(now, timeZone);
  const hashes = await Promise.all(salon.users.map(() => hashPassword(salon.password)));
  const stamp = now.toISOString();
  return database.write(async (sql) => {
    if (!(await isEmpty(sql))) return false;
    await insertBranch(sql, salon.branch);
    for (const [i, s] of salon.services.entries()) await insertService(sql, s, i);
    for (const [i, u] of salon.users.entries()) await insertUser(sql, u, hashes[i]!, stamp);
    for (const [userId, phone] of Object.entries(salon.phones)) await setPhone(sql, userId, phone);
    for (const [i, s] of salon.staff.entries()) await insertStaff(sql, s, i);
    for (const b of salon.bookings) await insertBookingRaw(sql, b);
    for (const t of salon.tickets) await insertTicket(sql, t);
    for (const m of salon.messages) {
      await insertMessage(sql, {
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
export async function ensureBranch(database: Database, timeZone?: string): Promise<void> {
  await database.write(async (sql) => {
    if (await isEmpty(sql)) await insertBranch(sql, demoBranchIn(timeZone));
  });
}
