// The only place channel names are spelled (docs/architecture.md §5). Everything else calls these.

export const channels = {
  customerBookings: (userId: string) => `customer:${userId}:bookings`,
  booking: (bookingId: string) => `booking:${bookingId}`,
  adminBookings: (branchId: string) => `admin:bookings:${branchId}`,
  adminSchedule: (date: string) => `admin:schedule:${date}`,
  adminLeave: (branchId: string) => `admin:leave:${branchId}`,
  staffSchedule: (staffId: string) => `staff:${staffId}:schedule`,
  sessionChat: (ticketId: string) => `session:${ticketId}:chat`,
  sessionPresence: (ticketId: string) => `session:${ticketId}:presence`,
  queueUpdates: () => 'queue:updates',
  userNotifications: (userId: string) => `user:${userId}:notifications`,
} as const;

/** Capability resources: channel names and Ably wildcard patterns over them (docs/architecture.md §4). */
export const resources = {
  customerAll: (userId: string) => `customer:${userId}:*`,
  booking: channels.booking,
  sessionAll: (ticketId: string) => `session:${ticketId}:*`,
  staffSchedule: channels.staffSchedule,
  queueUpdates: channels.queueUpdates,
  allAdmin: () => 'admin:*',
  allBookings: () => 'booking:*',
  allSessions: () => 'session:*',
  userNotifications: channels.userNotifications,
} as const;
