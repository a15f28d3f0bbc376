import { z } from 'zod';

export const Role = z.enum(['customer', 'staff', 'receptionist', 'manager', 'owner']);
export type Role = z.infer<typeof Role>;

export const DESK_ROLES = ['receptionist', 'manager', 'owner'] as const satisfies readonly Role[];
export const LEAVE_DECIDER_ROLES = ['manager', 'owner'] as const satisfies readonly Role[];

/** "Desk" means receptionist, manager or owner (DESIGN §1). */
export function isDesk(role: Role): boolean {
  return (DESK_ROLES as readonly Role[]).includes(role);
}

export function canDecideLeave(role: Role): boolean {
  return (LEAVE_DECIDER_ROLES as readonly Role[]).includes(role);
}

/** Where `/` sends each role (DESIGN §8). */
export function homePath(role: Role): string {
  if (role === 'customer') return '/bookings';
  if (role === 'staff') return '/staff';
  return '/desk';
}
