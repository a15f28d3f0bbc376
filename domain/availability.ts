import {
  ApiError,
  type AvailabilityQuery,
  type AvailableTime,
  freeStartTimes,
  gridTimes,
  isDesk,
  overlaps,
  type Schedule,
  type ScheduleSlot,
  type Service,
  type Staff,
  type User,
} from '../contract';
import type { DomainContext, StaffMember } from './port';
import { branchOf, earliestStart, serviceById, staffInBranch, staffOffOn } from './slotRules';

// What the salon offers and when: services, stylists, free start times, the desk's grid.

const publicStaff = ({ id, name, userId }: StaffMember): Staff => ({ id, name, userId });

export async function services(ctx: DomainContext): Promise<Service[]> {
  return ctx.store.read((tx) => tx.catalog.services());
}

export async function staff(ctx: DomainContext, user: User): Promise<Staff[]> {
  return ctx.store.read(async (tx) => (await tx.catalog.staff(user.branchId)).map(publicStaff));
}

/** Free start times on a day for a service (optionally one stylist). */
export async function availability(
  ctx: DomainContext,
  user: User,
  query: AvailabilityQuery,
): Promise<AvailableTime[]> {
  return ctx.store.read(async (tx) => {
    const service = await serviceById(tx, query.serviceId);
    const members = query.staffId
      ? [await staffInBranch(tx, query.staffId, user.branchId)]
      : await tx.catalog.staff(user.branchId);
    const earliest = earliestStart(query.date, ctx.now());
    if (earliest === 'past') return [];
    const branch = await branchOf(tx, user.branchId);
    const off = await staffOffOn(tx, branch.id, query.date);
    const bookings = await tx.bookings.list({
      branchId: branch.id,
      date: query.date,
      activeOnly: true,
    });
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
  });
}

/**
 * The desk's grid for one day: every stylist × 30-minute cell. A cell is `booked` while a
 * booking that is not declined or cancelled covers it (completed and no-show stay visible),
 * else `off` on approved leave, else `free`. Bookings of every status are listed.
 */
export async function schedule(ctx: DomainContext, user: User, date: string): Promise<Schedule> {
  if (!isDesk(user.role)) throw new ApiError('FORBIDDEN', 'The schedule is for the desk');
  return ctx.store.read(async (tx) => {
    const branch = await branchOf(tx, user.branchId);
    const members = await tx.catalog.staff(branch.id);
    const off = await staffOffOn(tx, branch.id, date);
    const bookings = await tx.bookings.list({ branchId: branch.id, date });
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
  });
}
