import {
  type AvailabilityQuery,
  type AvailableTime,
  coveredTimes,
  freeStartTimes,
  gridTimes,
  localDate,
  localMinutes,
  type Schedule,
  type ScheduleSlot,
  type User,
} from '../../../../contract';
import type { MockDb } from '../store/db';
import { activeBookingsOf, isOnLeave, serviceRecord, staffRecord } from './bookings';
import { requireDesk } from './common';

export function availability(db: MockDb, query: AvailabilityQuery): AvailableTime[] {
  const service = serviceRecord(db, query.serviceId);
  const staff = query.staffId ? [staffRecord(db, query.staffId)] : db.staff;
  const today = localDate();
  if (query.date < today) return [];
  return freeStartTimes({
    opensAt: db.branch.opensAt,
    closesAt: db.branch.closesAt,
    durationMin: service.durationMin,
    staff: staff.map((s) => ({
      staffId: s.id,
      off: isOnLeave(db, s.id, query.date),
      bookings: activeBookingsOf(db, s.id, query.date),
    })),
    ...(query.date === today ? { notBeforeMinutes: localMinutes() + 1 } : {}),
  });
}

/** The desk's grid: every stylist × every 30-minute cell, booked / off / free. */
export function schedule(db: MockDb, user: User, date: string): Schedule {
  requireDesk(user);
  const bookings = db.bookings
    .filter((b) => b.date === date && b.branchId === user.branchId)
    .sort((a, b) => a.time.localeCompare(b.time));
  const holding = bookings.filter(
    (b) => b.staffId !== null && b.status !== 'declined' && b.status !== 'cancelled',
  );
  const staff = db.staff.map((s) => ({ ...s, off: isOnLeave(db, s.id, date) }));
  const slots: ScheduleSlot[] = [];
  for (const s of staff) {
    const byCell = new Map<string, string>();
    for (const b of holding.filter((x) => x.staffId === s.id)) {
      for (const cell of coveredTimes(b)) if (!byCell.has(cell)) byCell.set(cell, b.id);
    }
    for (const time of gridTimes(db.branch.opensAt, db.branch.closesAt)) {
      const bookingId = byCell.get(time) ?? null;
      const state = bookingId ? 'booked' : s.off ? 'off' : 'free';
      slots.push({ staffId: s.id, time, state, bookingId });
    }
  }
  return {
    date,
    opensAt: db.branch.opensAt,
    closesAt: db.branch.closesAt,
    staff,
    slots,
    bookings,
  };
}
