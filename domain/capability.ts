import {
  buildCapability,
  type Capability,
  MAX_CUSTOMER_BOOKING_CHANNELS,
  MAX_STAFF_BOOKING_CHANNELS,
  type User,
} from '../contract';
import type { DomainContext } from './port';

/** What this user may read on the realtime service right now (docs/architecture.md §4). */
export async function capabilityFor(ctx: DomainContext, user: User): Promise<Capability> {
  return ctx.store.read(async (tx) => {
    if (user.role === 'customer') {
      const tickets = await tx.tickets.list({
        customerId: user.id,
        statuses: ['waiting', 'active'],
      });
      return buildCapability({
        role: user.role,
        userId: user.id,
        bookingIds: await tx.bookings.activeIds(
          { customerId: user.id },
          MAX_CUSTOMER_BOOKING_CHANNELS,
        ),
        ticketIds: tickets.map((t) => t.id),
      });
    }
    if (user.role === 'staff') {
      return buildCapability({
        role: user.role,
        userId: user.id,
        staffId: user.staffId,
        bookingIds: user.staffId
          ? await tx.bookings.activeIds({ staffId: user.staffId }, MAX_STAFF_BOOKING_CHANNELS)
          : [],
      });
    }
    return buildCapability({ role: user.role, userId: user.id });
  });
}
