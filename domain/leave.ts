import {
  ApiError,
  addDays,
  canDecideLeave,
  isDesk,
  LEAVE_HORIZON_DAYS,
  type LeaveDecisionBody,
  type LeaveImpact,
  type LeaveRequest,
  type LeaveRequestBody,
  type User,
} from '../contract';
import { branchClock, branchOf } from './branch';
import { commit } from './commit';
import type { DomainContext, Outcome, StoreTx } from './port';
import { staffConflict, takeStaff } from './slotRules';

// Leave: a stylist asks for days off; a manager or the owner decides.

export async function listLeave(ctx: DomainContext, user: User): Promise<LeaveRequest[]> {
  if (!isDesk(user.role) && user.role !== 'staff') {
    throw new ApiError('FORBIDDEN', 'Leave is for staff and the desk');
  }
  return ctx.store.read(async (tx) => {
    if (isDesk(user.role)) return tx.leave.list({ branchId: user.branchId });
    return user.staffId ? tx.leave.list({ branchId: user.branchId, staffId: user.staffId }) : [];
  });
}

/** A stylist asks for days off; overlapping an open or approved request of theirs is a 409. */
export async function requestLeave(
  ctx: DomainContext,
  user: User,
  body: LeaveRequestBody,
): Promise<Outcome<LeaveRequest>> {
  if (user.role !== 'staff' || !user.staffId) {
    throw new ApiError('FORBIDDEN', 'Only staff request leave');
  }
  const staffId = user.staffId;
  const now = ctx.now();
  const { today } = branchClock(await ctx.store.read((tx) => branchOf(tx, user.branchId)), now);
  if (body.from < today) {
    throw new ApiError('BAD_REQUEST', 'from: leave cannot start in the past', [
      { path: 'from', message: 'in the past' },
    ]);
  }
  if (body.from > addDays(today, LEAVE_HORIZON_DAYS)) {
    throw new ApiError(
      'BAD_REQUEST',
      `from: leave starts at most ${LEAVE_HORIZON_DAYS} days ahead`,
      [{ path: 'from', message: 'beyond the horizon' }],
    );
  }
  return commit(ctx, user, async (tx) => {
    const clash = await tx.leave.list({
      staffId,
      statuses: ['pending', 'approved'],
      overlapping: { from: body.from, to: body.to },
    });
    if (clash.length > 0) {
      throw new ApiError('CONFLICT', 'You already have leave requested or approved on those days');
    }
    const leave = await tx.leave.insert({
      id: ctx.newId('lv'),
      staffId,
      branchId: user.branchId,
      from: body.from,
      to: body.to,
      reason: body.reason,
      createdAt: now.toISOString(),
    });
    return { result: leave, mutations: [{ kind: 'leave.requested', leave }] };
  });
}

async function decidableLeave(tx: StoreTx, user: User, id: string) {
  const leave = await tx.leave.get(id);
  if (!leave || leave.branchId !== user.branchId) {
    throw new ApiError('NOT_FOUND', 'No such leave request');
  }
  return leave;
}

/** The stylist's active bookings inside the leave, each with the stylists free to take it. */
async function stranded(
  tx: StoreTx,
  leave: { staffId: string; from: string; to: string; branchId: string },
) {
  const bookings = await tx.bookings.list({
    staffId: leave.staffId,
    from: leave.from,
    to: leave.to,
    activeOnly: true,
  });
  const others = (await tx.catalog.staff(leave.branchId)).filter((s) => s.id !== leave.staffId);
  const out: LeaveImpact['bookings'] = [];
  for (const booking of bookings) {
    const freeStaffIds: string[] = [];
    for (const member of others) {
      const conflict = await staffConflict(tx, member.id, booking.date, booking, booking.id);
      if (conflict === null) freeStaffIds.push(member.id);
    }
    out.push({ booking, freeStaffIds });
  }
  return out;
}

/** What approving would strand: for a manager or the owner deciding (docs §7). */
export async function leaveImpact(
  ctx: DomainContext,
  user: User,
  id: string,
): Promise<LeaveImpact> {
  if (!canDecideLeave(user.role)) {
    throw new ApiError('FORBIDDEN', 'Only a manager or the owner decides leave');
  }
  return ctx.store.read(async (tx) => {
    const leave = await decidableLeave(tx, user, id);
    if (leave.status === 'declined') return { bookings: [] };
    return { bookings: await stranded(tx, leave) };
  });
}

/**
 * Manager or owner decides a pending request. Approval hands the stylist's active bookings in
 * the range to the stylists named in `reassign` (each must be free, else 409 SLOT_TAKEN and
 * nothing is stored), and marks the rest "needs a stylist" (no stylist, `needsStaff`), all in
 * the same transaction; `affectedBookingIds` lists those left needing one.
 */
export async function decideLeave(
  ctx: DomainContext,
  user: User,
  id: string,
  body: LeaveDecisionBody,
): Promise<Outcome<LeaveRequest>> {
  if (!canDecideLeave(user.role)) {
    throw new ApiError('FORBIDDEN', 'Only a manager or the owner decides leave');
  }
  return commit(ctx, user, async (tx) => {
    const leave = await decidableLeave(tx, user, id);
    if (leave.status !== 'pending') {
      throw new ApiError(
        'ILLEGAL_TRANSITION',
        `Cannot ${body.action} a leave request that is ${leave.status}`,
        { currentStatus: leave.status, action: body.action },
      );
    }
    const at = ctx.now().toISOString();
    if (body.action === 'decline') {
      const after = await tx.leave.decide(
        id,
        { status: 'declined', decidedBy: user.id, affectedBookingIds: [] },
        at,
      );
      if (!after) throw new ApiError('CONFLICT', 'The leave request changed meanwhile');
      return { result: after, mutations: [{ kind: 'leave.decided', leave: after }] };
    }

    const affected = await tx.bookings.list({
      staffId: leave.staffId,
      from: leave.from,
      to: leave.to,
      activeOnly: true,
    });
    const byId = new Map(affected.map((b) => [b.id, b]));
    const handOver = new Map<string, string>();
    for (const [i, r] of (body.reassign ?? []).entries()) {
      if (!byId.has(r.bookingId)) {
        throw new ApiError(
          'BAD_REQUEST',
          `reassign: ${r.bookingId} is not stranded by this leave`,
          [{ path: `reassign.${i}.bookingId`, message: 'not stranded by this leave' }],
        );
      }
      if (r.staffId === leave.staffId) {
        throw new ApiError('BAD_REQUEST', `reassign: ${leave.staffName} is the one on leave`, [
          { path: `reassign.${i}.staffId`, message: 'on leave' },
        ]);
      }
      handOver.set(r.bookingId, r.staffId);
    }
    const left = affected.filter((b) => !handOver.has(b.id));
    const after = await tx.leave.decide(
      id,
      { status: 'approved', decidedBy: user.id, affectedBookingIds: left.map((b) => b.id) },
      at,
    );
    if (!after) throw new ApiError('CONFLICT', 'The leave request changed meanwhile');

    const mutations: Outcome<LeaveRequest>['mutations'] = [{ kind: 'leave.decided', leave: after }];
    for (const before of affected) {
      const staffId = handOver.get(before.id);
      if (staffId) await takeStaff(tx, staffId, before.branchId, before, before.id);
      const changed = await tx.bookings.update(
        before.id,
        before.version,
        staffId ? { staffId, needsStaff: false } : { staffId: null, needsStaff: true },
        at,
      );
      if (!changed) throw new ApiError('CONFLICT', 'A booking changed meanwhile; reload and retry');
      mutations.push({ kind: 'booking.assigned', before, after: changed });
    }
    return { result: after, mutations };
  });
}
