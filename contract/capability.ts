import { resources } from './channels';
import { isDesk, type Role } from './roles';

/** Ably capability: resource (channel name or wildcard) → operations. */
export type Capability = Record<string, CapabilityOp[]>;
export type CapabilityOp = 'subscribe' | 'presence' | 'publish' | 'history';

export interface CapabilitySubject {
  role: Role;
  userId: string;
  /** For role `staff`. */
  staffId?: string | null;
  /** Customer: own non-terminal bookings (most recent 50). Staff: non-terminal bookings assigned to them. */
  bookingIds?: readonly string[];
  /** Customer: own open tickets. */
  ticketIds?: readonly string[];
}

export const MAX_CUSTOMER_BOOKING_CHANNELS = 50;
/**
 * A stylist's token follows at most this many of their active bookings (the newest): a token
 * travels in the WebSocket URL, which must stay far below Node's 16 KB header limit.
 */
export const MAX_STAFF_BOOKING_CHANNELS = 100;
/** Open tickets a customer's token covers (more than the limit allows, for old data). */
export const MAX_CUSTOMER_TICKET_CHANNELS = 10;

/**
 * What a browser may do on the realtime service (docs/architecture.md §4). No role ever gets `publish`:
 * every change goes through the API, which publishes with the key.
 */
export function buildCapability(subject: CapabilitySubject): Capability {
  // Everyone hears their own notifications (subscribe only: they come from the API).
  const capability: Capability = { [resources.userNotifications(subject.userId)]: ['subscribe'] };
  if (isDesk(subject.role)) {
    capability[resources.allAdmin()] = ['subscribe'];
    capability[resources.allBookings()] = ['subscribe'];
    capability[resources.queueUpdates()] = ['subscribe'];
    capability[resources.allSessions()] = ['subscribe', 'presence'];
    return capability;
  }
  if (subject.role === 'staff') {
    if (subject.staffId) capability[resources.staffSchedule(subject.staffId)] = ['subscribe'];
    for (const id of (subject.bookingIds ?? []).slice(0, MAX_STAFF_BOOKING_CHANNELS)) {
      capability[resources.booking(id)] = ['subscribe'];
    }
    return capability;
  }
  capability[resources.customerAll(subject.userId)] = ['subscribe'];
  for (const id of (subject.bookingIds ?? []).slice(0, MAX_CUSTOMER_BOOKING_CHANNELS)) {
    capability[resources.booking(id)] = ['subscribe'];
  }
  for (const id of (subject.ticketIds ?? []).slice(0, MAX_CUSTOMER_TICKET_CHANNELS)) {
    capability[resources.sessionAll(id)] = ['subscribe', 'presence'];
  }
  capability[resources.queueUpdates()] = ['subscribe'];
  return capability;
}
