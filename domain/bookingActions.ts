import {
  ApiError,
  assertActive,
  type Booking,
  type BookingAction,
  type CommittedMutation,
  isDesk,
  nextStatus,
  toMinutes,
  type User,
} from '../contract';
import { visibleBooking } from './bookings';
import { hoursOn } from './branch';
import { commit } from './commit';
import type { BookingChange, DomainContext, Outcome } from './port';
import {
  assertBookableTime,
  assertCustomerFree,
  branchOf,
  firstFreeStaff,
  servicesByIds,
  staffInBranch,
  takeStaff,
} from './slotRules';

// PATCH /api/bookings/:id — every action re-reads and checks state inside one write
// transaction, and the write itself is conditional on the version read (optimistic check).

/** Who may do what to a booking they can see. */
function authorizeAction(user: User, booking: Booking, action: BookingAction['action']) {
  if (isDesk(user.role)) return;
  if (action === 'set_services') {
    throw new ApiError('FORBIDDEN', 'Only the desk changes the services of a booking');
  }
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
  return commit(ctx, user, async (tx) => {
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
        if (!staffId) {
          throw new ApiError('BAD_REQUEST', 'staffId: this booking needs a stylist', [
            { path: 'staffId', message: 'required' },
          ]);
        }
        const staff = await takeStaff(tx, staffId, before.branchId, before, before.id);
        const after = await apply({ status, staffId: staff.id, needsStaff: false });
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
        await assertCustomerFree(tx, before.customerId, at, before.id);
        // Keep the stylist when they are free at the new time; otherwise the first free one.
        const staff = await firstFreeStaff(tx, before.branchId, at, {
          prefer: before.staffId,
          excludeBookingId: before.id,
        });
        const after = await apply({
          date: at.date,
          time: at.time,
          staffId: staff.id,
          needsStaff: false,
        });
        mutation = { kind: 'booking.rescheduled', before, after };
        break;
      }
      case 'assign': {
        assertActive(before.status, 'assign');
        const staff = await staffInBranch(tx, action.staffId, before.branchId);
        if (staff.id === before.staffId) return unchanged;
        await takeStaff(tx, staff.id, before.branchId, before, before.id);
        const after = await apply({ staffId: staff.id, needsStaff: false });
        mutation = { kind: 'booking.assigned', before, after };
        break;
      }
      case 'set_services': {
        assertActive(before.status, 'change the services of');
        const next = await servicesByIds(tx, action.serviceIds);
        const same =
          next.services.length === before.services.length &&
          next.services.every((s, i) => s.id === before.services[i]?.id);
        if (same) return unchanged;
        const at = { date: before.date, time: before.time, durationMin: next.durationMin };
        // A booking already under way may grow: only the closing time bounds it, not "now".
        const hours = hoursOn(await branchOf(tx, before.branchId), before.date);
        if (hours && toMinutes(at.time) + at.durationMin > toMinutes(hours.close)) {
          throw new ApiError(
            'BAD_REQUEST',
            `serviceIds: ${at.durationMin} min from ${at.time} ends after closing (${hours.close})`,
            [{ path: 'serviceIds', message: 'ends after closing' }],
          );
        }
        if (next.durationMin > before.durationMin) {
          if (before.staffId) await takeStaff(tx, before.staffId, before.branchId, at, before.id);
          await assertCustomerFree(tx, before.customerId, at, before.id);
        }
        const after = await apply({ services: next.services, durationMin: next.durationMin });
        mutation = { kind: 'booking.services', before, after };
        break;
      }
    }
    return { result: mutation.after, mutations: [mutation] };
  });
}
