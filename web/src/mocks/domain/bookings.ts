import {
  ApiError,
  assertActive,
  type Booking,
  type BookingAction,
  type BookingNote,
  type BookingsQuery,
  type CommittedMutation,
  type CreateBookingBody,
  datesBetween,
  isActive,
  isDesk,
  localDate,
  localMinutes,
  nextStatus,
  overlaps,
  toMinutes,
  type User,
} from '../../../../contract';
import type { MockDb } from '../store/db';
import { forbidden, newId, notFound, nowIso } from './common';

export interface Outcome<T> {
  result: T;
  mutations: CommittedMutation[];
}

// --- visibility ---------------------------------------------------------------------------

export function canSeeBooking(user: User, booking: Booking): boolean {
  if (isDesk(user.role)) return booking.branchId === user.branchId;
  if (user.role === 'staff') return booking.staffId !== null && booking.staffId === user.staffId;
  return booking.customerId === user.id;
}

/** The booking if `user` may see it; 404 otherwise (never reveals another customer's). */
export function visibleBooking(db: MockDb, user: User, id: string): Booking {
  const booking = db.bookings.find((b) => b.id === id);
  if (!booking || !canSeeBooking(user, booking)) notFound('Booking');
  return booking;
}

const byWhen = (a: Booking, b: Booking) =>
  a.date.localeCompare(b.date) || a.time.localeCompare(b.time) || a.id.localeCompare(b.id);

export function listBookings(db: MockDb, user: User, query: BookingsQuery): Booking[] {
  return db.bookings
    .filter((b) => canSeeBooking(user, b))
    .filter((b) => !query.status || b.status === query.status)
    .filter((b) => !query.date || b.date === query.date)
    .sort(byWhen);
}

export function bookingDetail(db: MockDb, user: User, id: string) {
  const booking = visibleBooking(db, user, id);
  const notes = db.notes.filter((n) => n.bookingId === id);
  return { booking, notes };
}

// --- slot rules ---------------------------------------------------------------------------

export function isOnLeave(db: MockDb, staffId: string, date: string): boolean {
  return db.leave.some(
    (l) => l.staffId === staffId && l.status === 'approved' && l.from <= date && date <= l.to,
  );
}

/** Active bookings of a stylist that day, optionally ignoring one (the booking being moved). */
export function activeBookingsOf(db: MockDb, staffId: string, date: string, exceptId?: string) {
  return db.bookings.filter(
    (b) => b.staffId === staffId && b.date === date && isActive(b.status) && b.id !== exceptId,
  );
}

export function isStaffFree(
  db: MockDb,
  staffId: string,
  at: { date: string; time: string; durationMin: number },
  exceptId?: string,
): boolean {
  if (isOnLeave(db, staffId, at.date)) return false;
  return !activeBookingsOf(db, staffId, at.date, exceptId).some((b) => overlaps(b, at));
}

function slotTaken(message = 'That time is no longer free'): never {
  throw new ApiError('SLOT_TAKEN', message);
}

/** 400 unless the booking fits opening hours and is not in the past. */
function assertBookableTime(db: MockDb, at: { date: string; time: string; durationMin: number }) {
  const start = toMinutes(at.time);
  if (
    start < toMinutes(db.branch.opensAt) ||
    start + at.durationMin > toMinutes(db.branch.closesAt)
  ) {
    throw new ApiError(
      'BAD_REQUEST',
      `time: must fit opening hours ${db.branch.opensAt}–${db.branch.closesAt}`,
      [{ path: 'time', message: 'outside opening hours' }],
    );
  }
  const today = localDate();
  if (at.date < today || (at.date === today && start < localMinutes())) {
    throw new ApiError('BAD_REQUEST', 'date: must not be in the past', [
      { path: 'date', message: 'in the past' },
    ]);
  }
}

function staffRecord(db: MockDb, staffId: string) {
  const staff = db.staff.find((s) => s.id === staffId);
  if (!staff) notFound('Staff member');
  return staff;
}

/** The chosen stylist if free, else the first free one; 409 SLOT_TAKEN when nobody is. */
function pickStaff(
  db: MockDb,
  at: { date: string; time: string; durationMin: number },
  wanted: string | null | undefined,
  exceptId?: string,
) {
  if (wanted) {
    const staff = staffRecord(db, wanted);
    if (!isStaffFree(db, staff.id, at, exceptId)) slotTaken(`${staff.name} is not free then`);
    return staff;
  }
  const free = db.staff.find((s) => isStaffFree(db, s.id, at, exceptId));
  if (!free) slotTaken('Nobody is free at that time');
  return free;
}

// --- mutations ----------------------------------------------------------------------------

export function createBooking(db: MockDb, user: User, body: CreateBookingBody): Outcome<Booking> {
  let customerId: string;
  if (user.role === 'customer') {
    if (body.customerId && body.customerId !== user.id) forbidden('Customers book for themselves');
    customerId = user.id;
  } else if (isDesk(user.role)) {
    if (!body.customerId) {
      throw new ApiError('BAD_REQUEST', 'customerId: required for a walk-in', [
        { path: 'customerId', message: 'required for a walk-in' },
      ]);
    }
    customerId = body.customerId;
  } else {
    forbidden('Staff cannot create bookings');
  }
  const customer = db.users.find((u) => u.id === customerId && u.role === 'customer');
  if (!customer) notFound('Customer');
  const service = db.services.find((s) => s.id === body.serviceId);
  if (!service) notFound('Service');

  const at = { date: body.date, time: body.time, durationMin: service.durationMin };
  assertBookableTime(db, at);
  const staff = pickStaff(db, at, body.staffId);
  const now = nowIso();
  const booking: Booking = {
    id: newId('bk'),
    customerId,
    customerName: customer.name,
    serviceId: service.id,
    serviceName: service.name,
    staffId: staff.id,
    staffName: staff.name,
    branchId: db.branch.id,
    date: body.date,
    time: body.time,
    durationMin: service.durationMin,
    status: 'pending',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  db.bookings.push(booking);
  if (body.note) {
    db.notes.push({
      id: newId('nt'),
      bookingId: booking.id,
      authorId: user.id,
      authorName: user.name,
      text: body.note,
      createdAt: now,
    });
  }
  return { result: booking, mutations: [{ kind: 'booking.created', booking }] };
}

function assertMayAct(user: User, booking: Booking, action: BookingAction['action']): void {
  const desk = isDesk(user.role);
  const owner = user.role === 'customer' && booking.customerId === user.id;
  const assigned = user.role === 'staff' && booking.staffId === user.staffId;
  const allowed: Record<BookingAction['action'], boolean> = {
    approve: desk,
    decline: desk,
    assign: desk,
    cancel: desk || owner,
    reschedule: desk || owner,
    complete: desk || assigned,
    no_show: desk || assigned,
  };
  if (!allowed[action]) forbidden(`You cannot ${action.replace('_', '-')} this booking`);
}

export function changeBooking(
  db: MockDb,
  user: User,
  id: string,
  action: BookingAction,
): Outcome<Booking> {
  const index = db.bookings.findIndex((b) => b.id === id);
  const before = db.bookings[index];
  if (!before || !canSeeBooking(user, before)) notFound('Booking');
  assertMayAct(user, before, action.action);

  const stamp = (changes: Partial<Booking>): Booking => ({
    ...before,
    ...changes,
    version: before.version + 1,
    updatedAt: nowIso(),
  });
  let after: Booking;
  let mutation: CommittedMutation;

  switch (action.action) {
    case 'approve': {
      const status = nextStatus(before.status, 'approve');
      const staff = pickStaff(db, before, action.staffId ?? before.staffId, before.id);
      after = stamp({ status, staffId: staff.id, staffName: staff.name });
      mutation = { kind: 'booking.status', action: 'approve', before, after };
      break;
    }
    case 'decline':
    case 'cancel': {
      after = stamp({ status: nextStatus(before.status, action.action) });
      mutation = {
        kind: 'booking.status',
        action: action.action,
        before,
        after,
        ...(action.reason ? { reason: action.reason } : {}),
      };
      break;
    }
    case 'complete':
    case 'no_show': {
      after = stamp({ status: nextStatus(before.status, action.action) });
      mutation = { kind: 'booking.status', action: action.action, before, after };
      break;
    }
    case 'reschedule': {
      assertActive(before.status, 'reschedule');
      if (action.date === before.date && action.time === before.time) {
        return { result: before, mutations: [] };
      }
      const at = { date: action.date, time: action.time, durationMin: before.durationMin };
      assertBookableTime(db, at);
      const keep = before.staffId && isStaffFree(db, before.staffId, at, before.id);
      const staff = keep ? staffRecord(db, before.staffId!) : pickStaff(db, at, null, before.id);
      after = stamp({ date: at.date, time: at.time, staffId: staff.id, staffName: staff.name });
      mutation = { kind: 'booking.rescheduled', before, after };
      break;
    }
    case 'assign': {
      assertActive(before.status, 'assign');
      if (action.staffId === before.staffId) return { result: before, mutations: [] };
      const staff = pickStaff(db, before, action.staffId, before.id);
      after = stamp({ staffId: staff.id, staffName: staff.name });
      mutation = { kind: 'booking.assigned', before, after };
      break;
    }
  }
  db.bookings[index] = after;
  return { result: after, mutations: [mutation] };
}

export function addNote(db: MockDb, user: User, id: string, text: string): Outcome<BookingNote> {
  const booking = visibleBooking(db, user, id);
  const assigned = user.role === 'staff' && booking.staffId === user.staffId;
  if (!isDesk(user.role) && !assigned) forbidden('Only the desk and the stylist add notes');
  const note: BookingNote = {
    id: newId('nt'),
    bookingId: booking.id,
    authorId: user.id,
    authorName: user.name,
    text,
    createdAt: nowIso(),
  };
  db.notes.push(note);
  return { result: note, mutations: [{ kind: 'note.added', booking, note }] };
}

/** Active bookings a leave range collides with: the desk must reassign them. */
export function bookingsDuring(db: MockDb, staffId: string, from: string, to: string): string[] {
  const days = new Set(datesBetween(from, to));
  return db.bookings
    .filter((b) => b.staffId === staffId && isActive(b.status) && days.has(b.date))
    .sort(byWhen)
    .map((b) => b.id);
}
