import {
  ApiError,
  type AvailabilityQuery,
  type AvailableTime,
  addDays,
  freeStartTimes,
  gridTimes,
  isDesk,
  overlaps,
  type Schedule,
  type ScheduleSlot,
  type Service,
  type Staff,
  serviceIdsOf,
  type User,
} from '../contract';
import { hoursOn } from './branch';
import type { DomainContext, StaffMember, StoreTx } from './port';
import {
  branchOf,
  earliestStart,
  lastBookableDay,
  servicesByIds,
  staffInBranch,
  staffOffOn,
} from './slotRules';

// What the salon offers and when: services, stylists, free start times, the desk's grid.

const publicStaff = ({ id, name, userId }: StaffMember): Staff => ({ id, name, userId });

export async function services(ctx: DomainContext): Promise<Service[]> {
  return ctx.store.read((tx) => tx.catalog.services());
}

export async function staff(ctx: DomainContext, user: User): Promise<Staff[]> {
  return ctx.store.read(async (tx) => (await tx.catalog.staff(user.branchId)).map(publicStaff));
}

/** Free start times on a day for one or more services (optionally one stylist). */
export async function availability(
  ctx: DomainContext,
  user: User,
  query: AvailabilityQuery,
): Promise<AvailableTime[]> {
  return ctx.store.read(async (tx) => {
    const { durationMin } = await servicesByIds(tx, serviceIdsOf(query));
    const members = query.staffId
      ? [await staffInBranch(tx, query.staffId, user.branchId)]
      : await tx.catalog.staff(user.branchId);
    return freeOn(tx, ctx.now(), user.branchId, query.date, durationMin, members);
  });
}

async function freeOn(
  tx: StoreTx,
  now: Date,
  branchId: string,
  date: string,
  durationMin: number,
  members: StaffMember[],
): Promise<AvailableTime[]> {
  const branch = await branchOf(tx, branchId);
  const hours = hoursOn(branch, date);
  if (!hours || date > lastBookableDay(branch, now)) return [];
  const earliest = earliestStart(date, now, branch);
  if (earliest === 'past') return [];
  const off = await staffOffOn(tx, branch.id, date);
  const bookings = await tx.bookings.list({ branchId: branch.id, date, activeOnly: true });
  return freeStartTimes({
    opensAt: hours.open,
    closesAt: hours.close,
    durationMin,
    staff: members.map((s) => ({
      staffId: s.id,
      off: off.has(s.id),
      bookings: bookings.filter((b) => b.staffId === s.id),
    })),
    ...(typeof earliest === 'number' ? { notBeforeMinutes: earliest } : {}),
  });
}

/** How far ahead "next free day" looks (bounded work per request). */
export const NEXT_FREE_DAY_SEARCH = 31;

/**
 * The first day after `date` (within the horizon, at most NEXT_FREE_DAY_SEARCH days on) with
 * free times for the services: what a full day suggests instead.
 */
export async function nextFreeDay(
  ctx: DomainContext,
  user: User,
  query: AvailabilityQuery,
): Promise<{ date: string; times: AvailableTime[] } | null> {
  return ctx.store.read(async (tx) => {
    const { durationMin } = await servicesByIds(tx, serviceIdsOf(query));
    const members = query.staffId
      ? [await staffInBranch(tx, query.staffId, user.branchId)]
      : await tx.catalog.staff(user.branchId);
    for (let i = 1; i <= NEXT_FREE_DAY_SEARCH; i += 1) {
      const date = addDays(query.date, i);
      const times = await freeOn(tx, ctx.now(), user.branchId, date, durationMin, members);
      if (times.length > 0) return { date, times };
    }
    return null;
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
    const hours = hoursOn(branch, date);
    const members = await tx.catalog.staff(branch.id);
    const off = await staffOffOn(tx, branch.id, date);
    const bookings = await tx.bookings.list({ branchId: branch.id, date });
    const holding = bookings.filter((b) => b.status !== 'declined' && b.status !== 'cancelled');
    const opensAt = hours?.open ?? '09:00';
    const closesAt = hours?.close ?? '09:00';
    const slots: ScheduleSlot[] = [];
    for (const member of members) {
      const mine = holding.filter((b) => b.staffId === member.id);
      for (const time of gridTimes(opensAt, closesAt)) {
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
      closed: hours === null,
      opensAt,
      closesAt,
      staff: members.map((s) => ({ ...publicStaff(s), off: off.has(s.id) })),
      slots,
      bookings,
    };
  });
}
