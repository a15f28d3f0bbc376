import {
  type AddNoteBody,
  ApiError,
  type Booking,
  type BookingNote,
  type BookingsQuery,
  type CreateBookingBody,
  isDesk,
  limitReached,
  MAX_PENDING_BOOKINGS,
  serviceIdsOf,
  type User,
} from '../contract';
import { commit } from './commit';
import type { DomainContext, Outcome, StoreTx } from './port';
import {
  assertBookableTime,
  assertCustomerFree,
  branchOf,
  firstFreeStaff,
  servicesByIds,
  takeStaff,
} from './slotRules';

// Bookings: who sees which, how they are made, and notes on them. Changes of an existing
// booking (approve, reschedule, …) live in bookingActions.ts.

/** Its customer, its stylist, or the desk of its branch. */
export function canSeeBooking(user: User, booking: Booking): boolean {
  if (user.role === 'customer') return booking.customerId === user.id;
  if (user.role === 'staff') return user.staffId !== null && booking.staffId === user.staffId;
  return booking.branchId === user.branchId;
}

/** The booking if `user` may see it; 404 otherwise (never reveals another customer's). */
export async function visibleBooking(tx: StoreTx, user: User, id: string): Promise<Booking> {
  const booking = await tx.bookings.get(id);
  if (!booking || !canSeeBooking(user, booking)) {
    throw new ApiError('NOT_FOUND', 'No such booking');
  }
  return booking;
}

export async function listBookings(ctx: DomainContext, user: User, query: BookingsQuery) {
  const filter = {
    status: query.status,
    date: query.date,
    ...(query.needsStaff ? { needsStaff: true, activeOnly: true } : {}),
  };
  return ctx.store.read(async (tx): Promise<Booking[]> => {
    if (user.role === 'customer') return tx.bookings.list({ ...filter, customerId: user.id });
    if (user.role === 'staff') {
      return user.staffId ? tx.bookings.list({ ...filter, staffId: user.staffId }) : [];
    }
    return tx.bookings.list({ ...filter, branchId: user.branchId });
  });
}

export async function bookingDetail(ctx: DomainContext, user: User, id: string) {
  return ctx.store.read(async (tx) => {
    const booking = await visibleBooking(tx, user, id);
    return { booking, notes: await tx.notes.list(id) };
  });
}

/** A customer waits on at most MAX_PENDING_BOOKINGS requests at once (the desk is not limited). */
async function assertPendingQuota(tx: StoreTx, customerId: string): Promise<void> {
  const pending = await tx.bookings.list({ customerId, status: 'pending' });
  if (pending.length >= MAX_PENDING_BOOKINGS) {
    throw limitReached(
      'pending_bookings',
      `You have ${pending.length} requests waiting for the salon; at most ${MAX_PENDING_BOOKINGS} at once`,
    );
  }
}

/** Who the booking is for: customers book for themselves, the desk for a named customer. */
async function bookingCustomer(tx: StoreTx, user: User, body: CreateBookingBody) {
  if (user.role === 'customer') {
    if (body.customerId && body.customerId !== user.id) {
      throw new ApiError('FORBIDDEN', 'Customers book for themselves only');
    }
    return user.id;
  }
  if (!isDesk(user.role)) throw new ApiError('FORBIDDEN', 'Staff cannot create bookings');
  if (!body.customerId) {
    throw new ApiError('BAD_REQUEST', 'customerId: required when the desk books a walk-in', [
      { path: 'customerId', message: 'required for walk-ins' },
    ]);
  }
  const customer = await tx.customers.get(body.customerId);
  if (!customer) {
    throw new ApiError('BAD_REQUEST', `customerId: no customer ${body.customerId}`, [
      { path: 'customerId', message: 'unknown customer' },
    ]);
  }
  return customer.id;
}

/**
 * A customer books for themselves (pending, awaiting the desk); the desk books for a customer
 * — with or without an account, by phone or walk-in — confirmed at once (source `desk`).
 * 1–5 services: the length is their sum. Without `staffId` the first free stylist is
 * assigned. Nobody holds two overlapping active bookings (409 OVERLAPS_OWN_BOOKING).
 */
export async function createBooking(
  ctx: DomainContext,
  user: User,
  body: CreateBookingBody,
): Promise<Outcome<Booking>> {
  return commit(ctx, user, async (tx) => {
    const customerId = await bookingCustomer(tx, user, body);
    if (!isDesk(user.role)) await assertPendingQuota(tx, customerId);
    const { services, durationMin } = await servicesByIds(tx, serviceIdsOf(body));
    const branch = await branchOf(tx, user.branchId);
    const now = ctx.now();
    const at = { date: body.date, time: body.time, durationMin };
    assertBookableTime(branch, at, now);
    await assertCustomerFree(tx, customerId, at);
    const staff = body.staffId
      ? await takeStaff(tx, body.staffId, branch.id, at)
      : await firstFreeStaff(tx, branch.id, at);
    const stamp = now.toISOString();
    const booking = await tx.bookings.insert({
      id: ctx.newId('bk'),
      customerId,
      serviceId: services[0]!.id,
      services,
      staffId: staff.id,
      branchId: branch.id,
      ...at,
      status: isDesk(user.role) ? 'confirmed' : 'pending',
      source: isDesk(user.role) ? 'desk' : 'online',
      createdAt: stamp,
    });
    if (body.note) {
      await tx.notes.insert({
        id: ctx.newId('nt'),
        bookingId: booking.id,
        authorId: user.id,
        text: body.note,
        createdAt: stamp,
      });
    }
    return { result: booking, mutations: [{ kind: 'booking.created', booking }] };
  });
}

/** Notes: the desk and the booking's stylist write them; everyone who sees the booking reads them. */
export async function addNote(
  ctx: DomainContext,
  user: User,
  id: string,
  body: AddNoteBody,
): Promise<Outcome<BookingNote>> {
  return commit(ctx, user, async (tx) => {
    const booking = await visibleBooking(tx, user, id);
    if (user.role === 'customer') {
      throw new ApiError('FORBIDDEN', 'Only the desk and the stylist add notes');
    }
    const note = await tx.notes.insert({
      id: ctx.newId('nt'),
      bookingId: booking.id,
      authorId: user.id,
      text: body.text,
      createdAt: ctx.now().toISOString(),
    });
    return { result: note, mutations: [{ kind: 'note.added', booking, note }] };
  });
}
