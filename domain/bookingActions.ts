import {
  ApiError,
  assertActive,
  type Booking,
  type BookingAction,
  type CommittedMutation,
  isDesk,
  nextStatus,
  type User,
} from '../contract';
import { visibleBooking } from './bookings';
import { commit } from './commit';
import type { BookingChange, DomainContext, Outcome } from './port';
import {
  assertBookableTime,
  branchOf,
  firstFreeStaff,
  staffInBranch,
  takeStaff,
} from './slotRules';

// PATCH /api/bookings/:id — every action re-reads and checks state inside one write
// transaction, and the write itself is conditional on the version read (optimistic check).

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

type BookingMutation = Extract<CommittedMutation, { after: Booking }>;

export async function changeBooking(
  ctx: DomainContext,
  user: User,
  id: string,
  action: BookingAction,
): Promise<Outcome<Booking>> {
  return commit(ctx, async (tx) => {
    const before = await visibleBooking(tx, user, id);
    authorizeAction(user, before, action.action);
    const now = ctx.now();
    const apply = async (change: BookingChange): Promise<Booking> => {
      const after = await tx.bookings.update(before.id, before.version, change, now.toISOString());
      if (!after) throw new ApiError('CONFLICT', 'The booking changed meanwhile; reload and retry');
      return after;
    };
    const unchanged: Outcome<Booking> = { result: before, mutations: [] };
    let mutation: BookingMutation;

    switch (action.action) {
      case 'approve': {
        const status = nextStatus(before.status, 'approve');
        const staffId = action.staffId ?? before.staffId;
        if (!staffId) throw new ApiError('BAD_REQUEST', 'staffId: required', []);
        const staff = await takeStaff(tx, staffId, before.branchId, before, before.id);
        const after = await apply({ status, staffId: staff.id });
        mutation = { kind: 'booking.status', action: 'approve', before, after };
        break;
      }
      case 'decline':
      case 'cancel': {
        const status = nextStatus(before.status, action.action);
        const after = await apply({ status, reason: action.reason ?? null });
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
        const after = await apply({ status });
        mutation = { kind: 'booking.status', action: action.action, before, after };
        break;
      }
      case 'reschedule': {
        assertActive(before.status, 'reschedule');
        if (action.date === before.date && action.time === before.time) return unchanged;
        const at = { date: action.date, time: action.time, durationMin: before.durationMin };
        assertBookableTime(await branchOf(tx, before.branchId), at, now);
        // Keep the stylist when they are free at the new time; otherwise the first free one.
        const staff = await firstFreeStaff(tx, before.branchId, at, {
          prefer: before.staffId,
          excludeBookingId: before.id,
        });
        const after = await apply({ date: at.date, time: at.time, staffId: staff.id });
        mutation = { kind: 'booking.rescheduled', before, after };
        break;
      }
      case 'assign': {
        assertActive(before.status, 'assign');
        const staff = await staffInBranch(tx, action.staffId, before.branchId);
        if (staff.id === before.staffId) return unchanged;
        await takeStaff(tx, staff.id, before.branchId, before, before.id);
        const after = await apply({ staffId: staff.id });
        mutation = { kind: 'booking.assigned', before, after };
        break;
      }
    }
    return { result: mutation.after, mutations: [mutation] };
  });
}
