import {
  ApiError,
  type Branch,
  type DayHours,
  localDate,
  localMinutes,
  type UpdateBranchBody,
  type User,
  weekdayOf,
} from '../contract';
import { commit } from './commit';
import type { DomainContext, Outcome, StoreTx } from './port';

// The branch's settings, and its clock: every "today", "now", "past" and "open" in the domain
// is read here, in the branch's IANA zone — never the server's or the browser's.

export async function branchOf(tx: StoreTx, branchId: string): Promise<Branch> {
  const branch = await tx.catalog.branch(branchId);
  if (!branch) throw new ApiError('INTERNAL', `Branch ${branchId} is missing`);
  return branch;
}

/** The branch's calendar day and minute of the day at `now`. */
export function branchClock(branch: Pick<Branch, 'timeZone'>, now: Date) {
  return {
    today: localDate(now, branch.timeZone),
    minutes: localMinutes(now, branch.timeZone),
  };
}

/** Opening hours on a calendar day of the branch, or null when it is closed that day. */
export function hoursOn(branch: Pick<Branch, 'hours'>, date: string): DayHours | null {
  return branch.hours[weekdayOf(date)] ?? null;
}

/** Every signed-in user reads their branch's settings. */
export async function getBranch(ctx: DomainContext, user: User): Promise<Branch> {
  return ctx.store.read((tx) => branchOf(tx, user.branchId));
}

/** The owner changes any subset of the settings (never the id). */
export async function updateBranch(
  ctx: DomainContext,
  user: User,
  body: UpdateBranchBody,
): Promise<Outcome<Branch>> {
  if (user.role !== 'owner') throw new ApiError('FORBIDDEN', 'Only the owner changes settings');
  return commit(ctx, async (tx) => {
    await branchOf(tx, user.branchId);
    const after = await tx.catalog.updateBranch(user.branchId, body);
    if (!after) throw new ApiError('NOT_FOUND', 'No such branch');
    return { result: after, mutations: [] };
  });
}
