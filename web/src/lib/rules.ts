import type { BookingStatus } from '../../../contract/entities';
import type { Role } from '../../../contract/roles';

// The contract's role and state rules, as the SPA's eager code needs them. The contract
// modules build zod schemas at import, which would put zod (~25 KB gzip) on the sign-in page
// and in front of every first paint (ADR 0031). These mirror contract/roles.ts and
// contract/bookingStateMachine.ts one for one; rules.test.ts checks them against the
// contract for every role and status, so they cannot drift.

export function isDesk(role: Role): boolean {
  return role === 'receptionist' || role === 'manager' || role === 'owner';
}

export function canDecideLeave(role: Role): boolean {
  return role === 'manager' || role === 'owner';
}

export function homePath(role: Role): string {
  if (role === 'customer') return '/bookings';
  if (role === 'staff') return '/staff';
  return '/desk';
}

export function isActive(status: BookingStatus): boolean {
  return status === 'pending' || status === 'confirmed';
}
