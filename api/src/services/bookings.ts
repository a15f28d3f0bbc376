import {
  type AddNoteBody,
  ApiError,
  assertActive,
  type Booking,
  type BookingAction,
  type BookingNote,
  type BookingsQuery,
  type CommittedMutation,
  type CreateBookingBody,
  isDesk,
  nextStatus,
  type User,
} from '../../../contract';
import {
  type BookingChange,
  findBooking,
  insertBooking,
  listBookings,
  updateBooking,
} from '../db/bookings';
import { findService, findStaff } from '../db/catalog';
import { inTransaction } from '../db/database';
import { insertNote, listNotes } from '../db/notes';
import { findUserById } from '../db/users';
import { newId } from '../ids';
import type { Ctx, Outcome } from './context';
import { assertBookableTime, branchOf, pickFreeStaff, slotTaken, staffConflict } from './slotRules';

const notFound = () => new ApiError('NOT_FOUND', 'No such booking');

/** The booking if `user` may see it: its customer, its stylist, or the branch's desk. 404 otherwise. */
export function visibleBooking(ctx: Ctx, user: User, id: string): Booking {
  const booking = findBooking(ctx.db, id);
  if (!booking) throw notFound();
  const visible =
    user.role === 'customer'
      ? booking.customerId === user.id
      : user.role === 'staff'
        ? user.staffId !== null && booking.staffId === user.staffId
        : booking.branchId === user.branchId;
  if (!visible) throw notFound();
  return booking;
}

export function listBookingsFor(ctx: Ctx, user: User, query: BookingsQuery): Booking[] {
  const filter = { status: query.status, date: query.date };
  if (user.role === 'customer') return listBookings(ctx.db, { ...filter, customerId: user.id });
  if (user.role === 'staff') {
    return user.staffId ? listBookings(ctx.db, { ...filter, staffId: user.staffId }) : [];
  }
  return listBookings(ctx.db, { ...filter, branchId: user.branchId });
}

export function bookingDetail(ctx: Ctx, user: User, id: string) {
  const booking = visibleBooking(ctx, user, id);
  return { booking, notes: listNotes(ctx.db, id) };
}

function staffInBranch(ctx: Ctx, staffId: string, branchId: string) {
  const staff = findStaff(ctx.db, staffId);
  if (!staff || staff.branchId !== branchId) {
    throw new ApiError('BAD_REQUEST', `staffId: no stylist ${staffId} in this branch`, [
      { path: 'staffId', message: 'unknown stylist' },
    ]);
  }
  return staff;
}

/**
 * A customer books for themselves (pending, awaiting the desk); the desk books walk-ins for a
 * customer (confirmed at once). Without `staffId` the first free stylist is assigned.
 */
export function createBooking(ctx: Ctx, user: User, body: CreateBookingBody): Outcome<Booking> {
  let customerId: string;
  if (user.role === 'customer') {
    if (body.customerId && body.customerId !== user.id) {
      throw new ApiError('FORBIDDEN', 'Customers book for themselves only');
    }
    customerId = user.id;
  } else if (isDesk(user.role)) {
    if (!body.customerId) {
      throw new ApiError('BAD_REQUEST', 'customerId: required when the desk books a walk-in', [
        { path: 'customerId', message: 'required for walk-ins' },
      ]);
    }
    const customer = findUserById(ctx.db, body.customerId);
    if (customer?.role !== 'customer') {
      throw new ApiError('BAD_REQUEST', `customerId: no customer ${body.customerId}`, [
        { path: 'customerId', message: 'unknown customer' },
      ]);
    }
    customerId = customer.id;
  } else {
    throw new ApiError('FORBIDDEN', 'Staff cannot create bookings');
  }

  const service = findService(ctx.db, body.serviceId);
  if (!service) {
    throw new ApiError('BAD_REQUEST', `serviceId: no service ${body.serviceId}`, [
      { path: 'serviceId', message: 'unknown service' },
    ]);
  }
  const branch = branchOf(ctx.db, user.branchId);
  const now = ctx.now();
  assertBookableTime(branch, body.date, body.time, service.durationMin, now);
  const range = { time: body.time, durationMin: service.durationMin };

  const booking = inTransaction(ctx.db, () => {
    let staffId: string;
    if (body.staffId) {
      const staff = staffInBranch(ctx, body.staffId, branch.id);
      const conflict = staffConflict(ctx.db, staff.id, body.date, range);
      if (conflict) throw slotTaken(staff.name, conflict, body.date, body.time);
      staffId = staff.id;
    } else {
      const free = pickFreeStaff(ctx.db, branch.id, body.date, range);
      if (!free) {
        throw new ApiError('SLOT_TAKEN', `No stylist is free at ${body.time} on ${body.date}`, {
          date: body.date,
          time: body.time,
          reason: 'busy',
        });
      }
      staffId = free;
    }
    const id = newId('bk');
    const stamp = now.toISOString();
    insertBooking(ctx.db, {
      id,
      customerId,
      serviceId: service.id,
      staffId,
      branchId: branch.id,
      date: body.date,
      time: body.time,
      durationMin: service.durationMin,
      status: isDesk(user.role) ? 'confirmed' : 'pending',
      createdAt: stamp,
    });
    if (body.note) {
      insertNote(ctx.db, {
        id: newId('nt'),
        bookingId: id,
        authorId: user.id,
        text: body.note,
        createdAt: stamp,
      });
    }
    return findBooking(ctx.db, id)!;
  });
  return { result: booking, mutations: [{ kind: 'booking.created', booking }] };
}

/** Who may do what to a booking they can see. */
function authorizeAction(user: User, booking: Booking, action: BookingAction['action']) {
  if (isDesk(user.role)) return;
  if (
    user.role === 'customer' &&
    booking.customerId === user.id &&
    (action === 'cancel' || action === 'reschedule')
  ) {
    return;
  }
  throw new ApiError('FORBIDDEN', `Your role cannot ${action.replace('_', '-')} bookings`);
}

/** PATCH /api/bookings/:id — every action re-reads and checks state inside one write transaction. */
export function changeBooking(
  ctx: Ctx,
  user: User,
  id: string,
  action: BookingAction,
): Outcome<Booking> {
  return inTransaction(ctx.db, () => {
    const before = visibleBooking(ctx, user, id);
    authorizeAction(user, before, action.action);
    const now = ctx.now();
    const stamp = now.toISOString();
    const apply = (change: BookingChange): Booking => {
      if (!updateBooking(ctx.db, before.id, before.version, change, stamp)) {
        throw new ApiError('CONFLICT', 'The booking changed meanwhile; reload and retry');
      }
      return findBooking(ctx.db, before.id)!;
    };
    const unchanged: Outcome<Booking> = { result: before, mutations: [] };
    let mutation: Extract<CommittedMutation, { after: Booking }>;

    switch (action.action) {
      case 'approve': {
        const status = nextStatus(before.status, 'approve');
        const staffId = action.staffId ?? before.staffId;
        if (!staffId) throw new ApiError('BAD_REQUEST', 'staffId: required', []);
        const staff = staffInBranch(ctx, staffId, before.branchId);
        const conflict = staffConflict(ctx.db, staff.id, before.date, before, before.id);
        if (conflict) throw slotTaken(staff.name, conflict, before.date, before.time);
        const after = apply({ status, staffId });
        mutation = { kind: 'booking.status', action: 'approve', before, after };
        break;
      }
      case 'decline':
      case 'cancel': {
        const status = nextStatus(before.status, action.action);
        const after = apply({ status, reason: action.reason ?? null });
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
        const status = nextStatus(before.status, action.action);
        const after = apply({ status });
        mutation = { kind: 'booking.status', action: action.action, before, after };
        break;
      }
      case 'reschedule': {
        assertActive(before.status, 'reschedule');
        if (action.date === before.date && action.time === before.time) return unchanged;
        const branch = branchOf(ctx.db, before.branchId);
        assertBookableTime(branch, action.date, action.time, before.durationMin, now);
        const range = { time: action.time, durationMin: before.durationMin };
        // Keep the stylist when they are free at the new time; otherwise the first free one.
        const staffId = pickFreeStaff(ctx.db, before.branchId, action.date, range, {
          prefer: before.staffId,
          excludeBookingId: before.id,
        });
        if (!staffId) {
          throw new ApiError(
            'SLOT_TAKEN',
            `No stylist is free at ${action.time} on ${action.date}`,
            { date: action.date, time: action.time, reason: 'busy' },
          );
        }
        const after = apply({ date: action.date, time: action.time, staffId });
        mutation = { kind: 'booking.rescheduled', before, after };
        break;
      }
      case 'assign': {
        assertActive(before.status, 'assign');
        const staff = staffInBranch(ctx, action.staffId, before.branchId);
        if (staff.id === before.staffId) return unchanged;
        const conflict = staffConflict(ctx.db, staff.id, before.date, before, before.id);
        if (conflict) throw slotTaken(staff.name, conflict, before.date, before.time);
        const after = apply({ staffId: staff.id });
        mutation = { kind: 'booking.assigned', before, after };
        break;
      }
    }
    return { result: mutation.after, mutations: [mutation] };
  });
}

/** Notes: the desk and the booking's stylist write them; everyone who sees the booking reads them. */
export function addNote(ctx: Ctx, user: User, id: string, body: AddNoteBody): Outcome<BookingNote> {
  return inTransaction(ctx.db, () => {
    const booking = visibleBooking(ctx, user, id);
    if (user.role === 'customer') {
      throw new ApiError('FORBIDDEN', 'Only the desk and the stylist add notes');
    }
    const note = insertNote(ctx.db, {
      id: newId('nt'),
      bookingId: booking.id,
      authorId: user.id,
      text: body.text,
      createdAt: ctx.now().toISOString(),
    });
    return { result: note, mutations: [{ kind: 'note.added', booking, note }] };
  });
}
