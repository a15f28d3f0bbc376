import { z } from 'zod';
import { ROLES } from './rules';

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export { canDecideLeave, DESK_ROLES, homePath, isDesk, LEAVE_DECIDER_ROLES } from './rules';
