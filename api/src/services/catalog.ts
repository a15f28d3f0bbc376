import {
  ApiError,
  type AvailabilityQuery,
  type AvailableTime,
  freeStartTimes,
  gridTimes,
  overlaps,
  type Schedule,
  type ScheduleSlot,
  type Service,
  type Staff,
  type User,
} from '../../../contract';
import { activeBookingsOn, listBookings } from '../db/bookings';
import { findService, listServices, listStaff, publicStaff } from '../db/catalog';
import { staffOffOn } from '../db/leave';
import type { Ctx } from './context';
import { branchOf, earliestStart } from './slotRules';

export const services = (ctx: Ctx): Service[] => listServices(ctx.db);

export const staff = (ctx: Ctx, user: User): Staff[] =>
  listStaff(ctx.db, user.branchId).map(publicStaff);

/** Free start times on a day for a service (optionally one stylist): DESIGN §7. */
export function availability(ctx: Ctx, user: User, query: AvailabilityQuery): AvailableTime[] {
  const service = findService(ctx.db, query.serviceId);
  if (!service) {
    throw new ApiError('BAD_REQUEST', `serviceId: no service ${query.serviceId}`, [
      { path: 'serviceId', message: 'unknown service' },
    ]);
  }
  let members = listStaff(ctx.db, user.branchId);
  if (query.staffId) {
    members = members.filter((s) => s.id === query.staffId);
    if (members.length === 0) {
      throw new ApiError('BAD_REQUEST', `staffId: no stylist ${query.staffId} in this branch`, [
        { path: 'staffId', message: 'unknown stylist' },
      ]);
    }
  }
  const earliest = earliestStart(query.date, ctx.now());
  if (earliest === 'past') return [];
  const branch = branchOf(ctx.db, user.branchId);
  const off = staffOffOn(ctx.db, branch.id, query.date);
  const bookings = activeBookingsOn(ctx.db, branch.id, query.date);
  return freeStartTimes({
    opensAt: branch.opensAt,
    closesAt: branch.closesAt,
    durationMin: service.durationMin,
    staff: members.map((s) => ({
      staffId: s.id,
      off: off.has(s.id),
      bookings: bookings.filter((b) => b.staffId === s.id),
    })),
    ...(typeof earliest === 'number' ? { notBeforeMinutes: earliest } : {}),
  });
}

/**
 * The desk's grid for one day: every stylist × 30-minute cell. A cell is `booked` while a
 * booking that is not declined or cancelled covers it (completed and no-show stay visible),
 * else `off` on approved leave, else `free`. Bookings of every status are listed.
 */
export function schedule(ctx: Ctx, user: User, date: string): Schedule {
  const branch = branchOf(ctx.db, user.branchId);
  const members = listStaff(ctx.db, branch.id);
  const off = staffOffOn(ctx.db, branch.id, date);
  const bookings = listBookings(ctx.db, { branchId: branch.id, date });
  const holding = bookings.filter((b) => b.status !== 'declined' && b.status !== 'cancelled');
  const slots: ScheduleSlot[] = [];
  for (const member of members) {
    const mine = holding.filter((b) => b.staffId === member.id);
    for (const time of gridTimes(branch.opensAt, branch.closesAt)) {
      const booking = mine.find((b) => overlaps(b, { time, durationMin: 30 }));
      slots.push({
        staffId: member.id,
        time,
        state: booking ? 'booked' : off.has(member.id) ? 'off' : 'free',
        bookingId: booking?.id ?? null,
      });
    }
  }
  return {
    date,
    opensAt: branch.opensAt,
    closesAt: branch.closesAt,
    staff: members.map((s) => ({ ...publicStaff(s), off: off.has(s.id) })),
    slots,
    bookings,
  };
}
