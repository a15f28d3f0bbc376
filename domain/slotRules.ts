import {
  ApiError,
  localDate,
  localMinutes,
  overlaps,
  type TimeRange,
  toMinutes,
} from '../contract';
import type { Branch, StaffMember, StoreTx } from './port';

// Where a booking may sit: inside opening hours, not in the past (branch-local days, which
// for the demo branch is the server's time zone), on a stylist who is working and free.

export async function branchOf(tx: StoreTx, branchId: string): Promise<Branch> {
  const branch = await tx.catalog.branch(branchId);
  if (!branch) throw new ApiError('INTERNAL', `Branch ${branchId} is missing`);
  return branch;
}

/** First minute of `date` still bookable: everything before it is past. */
export function earliestStart(date: string, now: Date): number | 'past' | 'any' {
  const today = localDate(now);
  if (date < today) return 'past';
  if (date > today) return 'any';
  return localMinutes(now) + 1;
}

/** 400 unless the slot is within opening hours and ahead of now. */
export function assertBookableTime(
  branch: Branch,
  at: { date: string; time: string; durationMin: number },
  now: Date,
): void {
  const start = toMinutes(at.time);
  if (start < toMinutes(branch.opensAt) || start + at.durationMin > toMinutes(branch.closesAt)) {
    throw new ApiError(
      'BAD_REQUEST',
      `time: ${at.time} for ${at.durationMin} min is outside opening hours ${branch.opensAt}–${branch.closesAt}`,
      [{ path: 'time', message: 'outside opening hours' }],
    );
  }
  const earliest = earliestStart(at.date, now);
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
  const leave = await tx.leave.list({
    staffId,
    statuses: ['approved'],
    overlapping: { from: date, to: date },
  });
  if (leave.length > 0) return 'off';
  const day = await tx.bookings.list({ staffId, date, activeOnly: true });
  return day.some((b) => b.id !== excludeBookingId && overlaps(b, range)) ? 'busy' : null;
}

export function slotTaken(
  staffName: string,
  conflict: Exclude<Conflict, null>,
  date: string,
  time: string,
): ApiError {
  return new ApiError(
    'SLOT_TAKEN',
    conflict === 'off'
      ? `${staffName} is on leave on ${date}`
      : `${staffName} is already booked at ${time} on ${date}`,
    { date, time, reason: conflict },
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
  const conflict = await staffConflict(tx, staff.id, at.date, at, excludeBookingId);
  if (conflict) throw slotTaken(staff.name, conflict, at.date, at.time);
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
