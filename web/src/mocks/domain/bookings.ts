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

/** The API's order: date, time, then creation (a stable sort keeps insertion order on ties). */
const byWhen = (a: Booking, b: Booking) =>
  a.date.localeCompare(b.date) ||
  a.time.localeCompare(b.time) ||
  a.createdAt.localeCompare(b.createdAt);

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

function slotTaken(
  staff: { id: string; name: string },
  db: MockDb,
  at: { date: string; time: string },
): never {
  const reason = isOnLeave(db, staff.id, at.date) ? 'off' : 'busy';
  throw new ApiError(
    'SLOT_TAKEN',
    reason === 'off'
      ? `${staff.name} is on leave on ${at.date}`
      : `${staff.name} is already booked at ${at.time} on ${at.date}`,
    { date: at.date, time: at.time, reason },
  );
}

function nobodyFree(at: { date: string; time: string }): never {
  throw new ApiError('SLOT_TAKEN', `No stylist is free at ${at.time} on ${at.date}`, {
    date: at.date,
    time: at.time,
    reason: 'busy',
  });
}

/** 400 unless the booking fits opening hours and is not in the past. */
function assertBookableTime(db: MockDb, at: { date: string; time: string; durationMin: number }) {
  const { opensAt, closesAt } = db.branch;
  const start = toMinutes(at.time);
  if (start < toMinutes(opensAt) || start + at.durationMin > toMinutes(closesAt)) {
    throw new ApiError(
      'BAD_REQUEST',
      `time: ${at.time} for ${at.durationMin} min is outside opening hours ${opensAt}–${closesAt}`,
      [{ path: 'time', message: 'outside opening hours' }],
    );
  }
  const today = localDate();
  // Today, only times strictly after the current minute are still ahead.
  if (at.date < today || (at.date === today && start < localMinutes() + 1)) {
    throw new ApiError('BAD_REQUEST', `date: ${at.date} ${at.time} is in the past`, [
      { path: 'date', message: 'in the past' },
    ]);
  }
}

/** 400 (not 404) for an unknown stylist in a body or query, as the API answers. */
export function staffRecord(db: MockDb, staffId: string) {
  const staff = db.staff.find((s) => s.id === staffId);
  if (!staff) {
    throw new ApiError('BAD_REQUEST', `staffId: no stylist ${staffId} in this branch`, [
      { path: 'staffId', message: 'unknown stylist' },
    ]);
  }
  return staff;
}

export function serviceRecord(db: MockDb, serviceId: string) {
  const service = db.services.find((s) => s.id === serviceId);
  if (!service) {
    throw new ApiError('BAD_REQUEST', `serviceId: no service ${serviceId}`, [
      { path: 'serviceId', message: 'unknown service' },
    ]);
  }
  return service;
}

/** The chosen stylist if free (409 SLOT_TAKEN naming why not). */
function takeStaff(
  db: MockDb,
  at: { date: string; time: string; durationMin: number },
  wanted: string,
  exceptId?: string,
) {
  const staff = staffRecord(db, wanted);
  if (!isStaffFree(db, staff.id, at, exceptId)) slotTaken(staff, db, at);
  return staff;
}

/** The first free stylist in display order, trying `prefer` first; 409 when nobody is. */
function firstFreeStaff(
  db: MockDb,
  at: { date: string; time: string; durationMin: number },
  options: { prefer?: string | null; exceptId?: string } = {},
) {
  const order = options.prefer
    ? [
        ...db.staff.filter((s) => s.id === options.prefer),
        ...db.staff.filter((s) => s.id !== options.prefer),
      ]
    : db.staff;
  const free = order.find((s) => isStaffFree(db, s.id, at, options.exceptId));
  if (!free) nobodyFree(at);
  return free;
}

// --- mutations ----------------------------------------------------------------------------

export function createBooking(db: MockDb, user: User, body: CreateBookingBody): Outcome<Booking> {
  let customerId: string;
  if (user.role === 'customer') {
    if (body.customerId && body.customerId !== user.id)
      forbidden('Customers book for themselves only');
    customerId = user.id;
  } else if (isDesk(user.role)) {
    if (!body.customerId) {
      throw new ApiError('BAD_REQUEST', 'customerId: required when the desk books a walk-in', [
        { path: 'customerId', message: 'required for walk-ins' },
      ]);
    }
    customerId = body.customerId;
  } else {
    forbidden('Staff cannot create bookings');
  }
  const customer = db.users.find((u) => u.id === customerId && u.role === 'customer');
  if (!customer) {
    throw new ApiError('BAD_REQUEST', `customerId: no customer ${customerId}`, [
      { path: 'customerId', message: 'unknown customer' },
    ]);
  }
  const service = serviceRecord(db, body.serviceId);

  const at = { date: body.date, time: body.time, durationMin: service.durationMin };
  assertBookableTime(db, at);
  const staff = body.staffId ? takeStaff(db, at, body.staffId) : firstFreeStaff(db, at);
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
    // A customer's request waits for the desk; a desk walk-in is confirmed at once.
    status: isDesk(user.role) ? 'confirmed' : 'pending',
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
  if (isDesk(user.role)) return;
  const owner = user.role === 'customer' && booking.customerId === user.id;
  if (owner && (action === 'cancel' || action === 'reschedule')) return;
  forbidden(`Your role cannot ${action.replace('_', '-')} bookings`);
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
      const staffId = action.staffId ?? before.staffId;
      if (!staffId) throw new ApiError('BAD_REQUEST', 'staffId: required', []);
      const staff = takeStaff(db, before, staffId, before.id);
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
      // Keep the stylist when they are free at the new time; otherwise the first free one.
      const staff = firstFreeStaff(db, at, { prefer: before.staffId, exceptId: before.id });
      after = stamp({ date: at.date, time: at.time, staffId: staff.id, staffName: staff.name });
      mutation = { kind: 'booking.rescheduled', before, after };
      break;
    }
    case 'assign': {
      assertActive(before.status, 'assign');
      staffRecord(db, action.staffId);
      if (action.staffId === before.staffId) return { result: before, mutations: [] };
      const staff = takeStaff(db, before, action.staffId, before.id);
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
  if (user.role === 'customer') forbidden('Only the desk and the stylist add notes');
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
