// Role and booking-state rules as plain constants and functions: no zod here, so the SPA's
// first paint (the sign-in page) can use them without loading a schema library (ADR 0031).

export const ROLES = ['customer', 'staff', 'receptionist', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const DESK_ROLES = ['receptionist', 'manager', 'owner'] as const satisfies readonly Role[];
export const LEAVE_DECIDER_ROLES = ['manager', 'owner'] as const satisfies readonly Role[];

/** "Desk" means receptionist, manager or owner (docs/architecture.md §1). */
export function isDesk(role: Role): boolean {
  return (DESK_ROLES as readonly Role[]).includes(role);
}

export function canDecideLeave(role: Role): boolean {
  return (LEAVE_DECIDER_ROLES as readonly Role[]).includes(role);
}

/** Where `/` sends each role (docs/architecture.md §8). */
export function homePath(role: Role): string {
  if (role === 'customer') return '/bookings';
  if (role === 'staff') return '/staff';
  return '/desk';
}

export const BOOKING_STATUSES = [
  'pending',
  'confirmed',
  'declined',
  'cancelled',
  'completed',
  'no_show',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Still ahead: can be rescheduled or reassigned, and holds its stylist's time. */
export const ACTIVE_STATUSES: readonly BookingStatus[] = ['pending', 'confirmed'];
export const TERMINAL_STATUSES: readonly BookingStatus[] = [
  'declined',
  'cancelled',
  'completed',
  'no_show',
];

export function isActive(status: BookingStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export function isTerminal(status: BookingStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
