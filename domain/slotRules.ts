import {
  ApiError,
  addDays,
  type BookingService,
  MAX_BOOKING_SERVICES,
  overlaps,
  type TimeRange,
  toMinutes,
  weekdayOf,
} from '../contract';
import { branchClock, branchOf, hoursOn } from './branch';
import type { Branch, StaffMember, StoreTx } from './port';

// Where a booking may sit: on a day the branch is open, within its horizon and opening hours,
// not in the past — all in the branch's time zone — on a stylist who is working and free.

export { branchOf };

const DAY_NAME = {
  sun: 'Sundays',
  mon: 'Mondays',
  tue: 'Tuesdays',
  wed: 'Wednesdays',
  thu: 'Thursdays',
  fri: 'Fridays',
  sat: 'Saturdays',
} as const;

/** First minute of `date` still bookable in the branch's zone: everything before it is past. */
export function earliestStart(
  date: string,
  now: Date,
  branch: Pick<Branch, 'timeZone'>,
): number | 'past' | 'any' {
  const clock = branchClock(branch, now);
  if (date < clock.today) return 'past';
  if (date > clock.today) return 'any';
  return clock.minutes + 1;
}

/** The last day a booking may be made for (today + the branch's horizon). */
export function lastBookableDay(branch: Branch, now: Date): string {
  return addDays(branchClock(branch, now).today, branch.bookingHorizonDays);
}

/** 400 naming the rule unless the branch is open that day and the day is within the horizon. */
export function assertOpenDay(branch: Branch, date: string, now: Date) {
  const hours = hoursOn(branch, date);
  if (!hours) {
    throw new ApiError('BAD_REQUEST', `date: the salon is closed on ${DAY_NAME[weekdayOf(date)]}`, [
      { path: 'date', message: 'closed day' },
    ]);
  }
  const last = lastBookableDay(branch, now);
  if (date > last) {
    throw new ApiError(
      'BAD_REQUEST',
      `date: bookings open at most ${branch.bookingHorizonDays} days ahead (until ${last})`,
      [{ path: 'date', message: 'beyond the booking horizon' }],
    );
  }
  return hours;
}

/** 400 unless the slot is on an open day, within the horizon and opening hours, ahead of now. */
export function assertBookableTime(
  branch: Branch,
  at: { date: string; time: string; durationMin: number },
  now: Date,
): void {
  const hours = assertOpenDay(branch, at.date, now);
  const start = toMinutes(at.time);
  if (start < toMinutes(hours.open) || start + at.durationMin > toMinutes(hours.close)) {
    throw new ApiError(
      'BAD_REQUEST',
      `time: ${at.time} for ${at.durationMin} min is outside opening hours ${hours.open}–${hours.close}`,
      [{ path: 'time', message: 'outside opening hours' }],
    );
  }
  const earliest = earliestStart(at.date, now, branch);
  if (earliest === 'past' || (typeof earliest === 'number' && start < earliest)) {
    throw new ApiError('BAD_REQUEST', `date: ${at.date} ${at.time} is in the past`, [
      { path: 'date', message: 'in the past' },
    ]);
  }
}

/** 400 (not 404) for an unknown stylist in a body or query: it is bad input, not a route. */
export async function staffInBranch(
  tx: StoreTx,
  staffId: string,
  branchId: string,
): Promise<StaffMember> {
  const staff = await tx.catalog.staffMember(staffId);
  if (!staff || staff.branchId !== branchId) {
    throw new ApiError('BAD_REQUEST', `staffId: no stylist ${staffId} in this branch`, [
      { path: 'staffId', message: 'unknown stylist' },
    ]);
  }
  return staff;
}

export async function serviceById(tx: StoreTx, serviceId: string) {
  const service = await tx.catalog.service(serviceId);
  if (!service) {
    throw new ApiError('BAD_REQUEST', `serviceId: no service ${serviceId}`, [
      { path: 'serviceId', message: 'unknown service' },
    ]);
  }
  return service;
}

/** 1–5 services as booked now (name, length, price), in order; 400 for an unknown one. */
export async function servicesByIds(
  tx: StoreTx,
  ids: readonly string[],
): Promise<{ services: BookingService[]; durationMin: number; priceCents: number }> {
  if (ids.length < 1 || ids.length > MAX_BOOKING_SERVICES) {
    throw new ApiError('BAD_REQUEST', `serviceIds: 1 to ${MAX_BOOKING_SERVICES} services`, [
      { path: 'serviceIds', message: `1 to ${MAX_BOOKING_SERVICES} services` },
    ]);
  }
  const services: BookingService[] = [];
  for (const id of ids) {
    const s = await serviceById(tx, id);
    services.push({ id: s.id, name: s.name, durationMin: s.durationMin, priceCents: s.priceCents });
  }
  return {
    services,
    durationMin: services.reduce((sum, s) => sum + s.durationMin, 0),
    priceCents: services.reduce((sum, s) => sum + s.priceCents, 0),
  };
}

/**
 * 409 OVERLAPS_OWN_BOOKING when the customer already holds an active booking that overlaps
 * this slot (another than `excludeBookingId`).
 */
export async function assertCustomerFree(
  tx: StoreTx,
  customerId: string,
  at: { date: string; time: string; durationMin: number },
  excludeBookingId?: string,
): Promise<void> {
  const theirs = await tx.bookings.list({ customerId, date: at.date, activeOnly: true });
  const clash = theirs.find((b) => b.id !== excludeBookingId && overlaps(b, at));
  if (clash) {
    throw new ApiError(
      'OVERLAPS_OWN_BOOKING',
      `${clash.customerName} already has ${clash.serviceName} at ${clash.time} on ${clash.date}`,
      { bookingId: clash.id, date: clash.date, time: clash.time },
    );
  }
}

/** Stylists of a branch on approved leave that day. */
export async function staffOffOn(tx: StoreTx, branchId: string, date: string) {
  const leave = await tx.leave.list({
    branchId,
    statuses: ['approved'],
    overlapping: { from: date, to: date },
  });
  return new Set(leave.map((l) => l.staffId));
}

export type Conflict = 'off' | 'busy' | null;

/** Why `staffId` cannot take this slot (approved leave, overlapping active booking), or null. */
export async function staffConflict(
  tx: StoreTx,
  staffId: string,
  date: string,
  range: TimeRange,
  excludeBookingId?: string,
): Promise<Conflict> {
  return (await staffClash(tx, staffId, date, range, excludeBookingId)).conflict;
}

/** Like staffConflict, and the booking in the way when there is one. */
async function staffClash(
  tx: StoreTx,
  staffId: string,
  date: string,
  range: TimeRange,
  excludeBookingId?: string,
): Promise<{ conflict: Conflict; booking?: { id: string; time: string; durationMin: number } }> {
  const leave = await tx.leave.list({
    staffId,
    statuses: ['approved'],
    overlapping: { from: date, to: date },
  });
  if (leave.length > 0) return { conflict: 'off' };
  const day = await tx.bookings.list({ staffId, date, activeOnly: true });
  const booking = day.find((b) => b.id !== excludeBookingId && overlaps(b, range));
  return booking ? { conflict: 'busy', booking } : { conflict: null };
}

export function slotTaken(
  staffName: string,
  conflict: Exclude<Conflict, null>,
  date: string,
  time: string,
  clash?: { id: string; time: string; durationMin: number },
): ApiError {
  return new ApiError(
    'SLOT_TAKEN',
    conflict === 'off'
      ? `${staffName} is on leave on ${date}`
      : clash
        ? `${staffName} is already booked at ${clash.time} on ${date} (booking ${clash.id})`
        : `${staffName} is already booked at ${time} on ${date}`,
    {
      date,
      time,
      reason: conflict,
      ...(clash ? { bookingId: clash.id, clashTime: clash.time } : {}),
    },
  );
}

export function nobodyFree(date: string, time: string): ApiError {
  return new ApiError('SLOT_TAKEN', `No stylist is free at ${time} on ${date}`, {
    date,
    time,
    reason: 'busy',
  });
}

/** The stylist if free for the slot; 409 SLOT_TAKEN naming why not. */
export async function takeStaff(
  tx: StoreTx,
  staffId: string,
  branchId: string,
  at: { date: string; time: string; durationMin: number },
  excludeBookingId?: string,
): Promise<StaffMember> {
  const staff = await staffInBranch(tx, staffId, branchId);
  const clash = await staffClash(tx, staff.id, at.date, at, excludeBookingId);
  if (clash.conflict) {
    throw slotTaken(staff.name, clash.conflict, at.date, at.time, clash.booking);
  }
  return staff;
}

/** The first stylist (display order) free for the slot, trying `prefer` first; 409 if none. */
export async function firstFreeStaff(
  tx: StoreTx,
  branchId: string,
  at: { date: string; time: string; durationMin: number },
  options: { prefer?: string | null; excludeBookingId?: string } = {},
): Promise<StaffMember> {
  const staff = await tx.catalog.staff(branchId);
  const order = options.prefer
    ? [
        ...staff.filter((s) => s.id === options.prefer),
        ...staff.filter((s) => s.id !== options.prefer),
      ]
    : staff;
  for (const member of order) {
    const conflict = await staffConflict(tx, member.id, at.date, at, options.excludeBookingId);
    if (conflict === null) return member;
  }
  throw nobodyFree(at.date, at.time);
}
