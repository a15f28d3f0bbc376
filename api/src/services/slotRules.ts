import {
  ApiError,
  localDate,
  localMinutes,
  overlaps,
  type TimeRange,
  toMinutes,
} from '../../../contract';
import { activeBookingsOfStaff } from '../db/bookings';
import { type Branch, findBranch, listStaff } from '../db/catalog';
import type { Db } from '../db/database';
import { overlappingLeave } from '../db/leave';

// Where a booking may sit: inside opening hours, not in the past (branch-local days, which
// for the demo branch is the server's time zone), on a stylist who is working and free.

export function branchOf(db: Db, branchId: string): Branch {
  const branch = findBranch(db, branchId);
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
  date: string,
  time: string,
  durationMin: number,
  now: Date,
): void {
  const start = toMinutes(time);
  if (start < toMinutes(branch.opensAt) || start + durationMin > toMinutes(branch.closesAt)) {
    throw new ApiError(
      'BAD_REQUEST',
      `time: ${time} for ${durationMin} min is outside opening hours ${branch.opensAt}–${branch.closesAt}`,
      [{ path: 'time', message: 'outside opening hours' }],
    );
  }
  const earliest = earliestStart(date, now);
  if (earliest === 'past' || (typeof earliest === 'number' && start < earliest)) {
    throw new ApiError('BAD_REQUEST', `date: ${date} ${time} is in the past`, [
      { path: 'date', message: 'in the past' },
    ]);
  }
}

export type Conflict = 'off' | 'busy' | null;

/** Why `staffId` cannot take this slot (approved leave, overlapping active booking), or null. */
export function staffConflict(
  db: Db,
  staffId: string,
  date: string,
  range: TimeRange,
  excludeBookingId?: string,
): Conflict {
  if (overlappingLeave(db, staffId, date, date, ['approved']).length > 0) return 'off';
  const busy = activeBookingsOfStaff(db, staffId, date, date).some(
    (b) => b.id !== excludeBookingId && overlaps(b, range),
  );
  return busy ? 'busy' : null;
}

export function slotTaken(
  staffName: string,
  conflict: Exclude<Conflict, null>,
  date: string,
  time: string,
) {
  return new ApiError(
    'SLOT_TAKEN',
    conflict === 'off'
      ? `${staffName} is on leave on ${date}`
      : `${staffName} is already booked at ${time} on ${date}`,
    { date, time, reason: conflict },
  );
}

/** The first stylist (display order) free for the slot, preferring `prefer` when free. */
export function pickFreeStaff(
  db: Db,
  branchId: string,
  date: string,
  range: TimeRange,
  options: { prefer?: string | null; excludeBookingId?: string } = {},
): string | null {
  const staff = listStaff(db, branchId).map((s) => s.id);
  const order = options.prefer
    ? [options.prefer, ...staff.filter((id) => id !== options.prefer)]
    : staff;
  return (
    order.find((id) => staffConflict(db, id, date, range, options.excludeBookingId) === null) ??
    null
  );
}
