import type { Booking, Customer, LeaveRequest, Ticket } from '../../../../contract';
import { isActive } from '../../../../contract';
import { type BookingFilter, isPlaceholderEmail, type LeaveFilter } from '../../../../domain';
import type { MockDb, StoredUser } from './db';

// How the browser store answers the port's queries the way SQL does: filters, orders, the
// waiting line's positions, what the desk sees of a customer.

/** The API's order for bookings: date, time, then creation (stable: insertion on ties). */
export const byWhen = (a: Booking, b: Booking) =>
  a.date.localeCompare(b.date) ||
  a.time.localeCompare(b.time) ||
  a.createdAt.localeCompare(b.createdAt);

/** Newest first, and a later insert first on equal times (as SQL's `rowid DESC`). */
export function newestFirst<T>(list: readonly T[], at: (item: T) => string): T[] {
  return [...list].reverse().sort((a, b) => at(b).localeCompare(at(a)));
}

export function matchesBooking(b: Booking, f: BookingFilter): boolean {
  return (
    (!f.branchId || b.branchId === f.branchId) &&
    (!f.customerId || b.customerId === f.customerId) &&
    (!f.staffId || b.staffId === f.staffId) &&
    (!f.status || b.status === f.status) &&
    (!f.activeOnly || isActive(b.status)) &&
    (!f.needsStaff || b.needsStaff) &&
    (!f.date || b.date === f.date) &&
    (!f.from || b.date >= f.from) &&
    (!f.to || b.date <= f.to)
  );
}

export function matchesLeave(l: LeaveRequest, f: LeaveFilter): boolean {
  return (
    (!f.branchId || l.branchId === f.branchId) &&
    (!f.staffId || l.staffId === f.staffId) &&
    (!f.statuses || f.statuses.includes(l.status)) &&
    (!f.overlapping || (l.from <= f.overlapping.to && l.to >= f.overlapping.from))
  );
}

/** `queuePosition`: 1-based rank among waiting tickets, oldest first. */
export function positioned(db: MockDb, ticket: Ticket): Ticket {
  if (ticket.status !== 'waiting') return { ...ticket, queuePosition: null };
  const ahead = db.tickets.filter(
    (t, i) =>
      t.status === 'waiting' &&
      (t.createdAt < ticket.createdAt ||
        (t.createdAt === ticket.createdAt && i <= db.tickets.indexOf(ticket))),
  );
  return { ...ticket, queuePosition: ahead.length };
}

export function toCustomer(u: StoredUser): Customer {
  return {
    id: u.id,
    name: u.name,
    ...(u.phone ? { phone: u.phone } : {}),
    ...(isPlaceholderEmail(u.email) ? {} : { email: u.email }),
    hasAccount: u.hasAccount !== false,
  };
}

/** A customer's contact details as a booking shows them to the desk. */
export function contactOf(
  u: StoredUser | undefined,
): Pick<Booking, 'customerPhone' | 'customerEmail'> {
  if (!u) return {};
  return {
    ...(u.phone ? { customerPhone: u.phone } : {}),
    ...(isPlaceholderEmail(u.email) ? {} : { customerEmail: u.email }),
  };
}

export const customersOf = (db: MockDb, branchId: string) =>
  db.users.filter((u) => u.role === 'customer' && u.branchId === branchId);
