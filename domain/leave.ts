import {
  ApiError,
  addDays,
  canDecideLeave,
  isDesk,
  LEAVE_HORIZON_DAYS,
  type LeaveDecisionBody,
  type LeaveRequest,
  type LeaveRequestBody,
  localDate,
  type User,
} from '../contract';
import { commit } from './commit';
import type { DomainContext, Outcome } from './port';

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
  const today = localDate(now);
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
  return commit(ctx, async (tx) => {
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

/**
 * Manager or owner decides a pending request. Approval records the stylist's active bookings in
 * the range as `affectedBookingIds` for the desk to reassign; they are not cancelled.
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
  return commit(ctx, async (tx) => {
    const leave = await tx.leave.get(id);
    if (!leave || leave.branchId !== user.branchId) {
      throw new ApiError('NOT_FOUND', 'No such leave request');
    }
    if (leave.status !== 'pending') {
      throw new ApiError(
        'ILLEGAL_TRANSITION',
        `Cannot ${body.action} a leave request that is ${leave.status}`,
        { currentStatus: leave.status, action: body.action },
      );
    }
    const approve = body.action === 'approve';
    const affected = approve
      ? await tx.bookings.list({
          staffId: leave.staffId,
          from: leave.from,
          to: leave.to,
          activeOnly: true,
        })
      : [];
    const after = await tx.leave.decide(
      id,
      {
        status: approve ? 'approved' : 'declined',
        decidedBy: user.id,
        affectedBookingIds: affected.map((b) => b.id),
      },
      ctx.now().toISOString(),
    );
    if (!after) throw new ApiError('CONFLICT', 'The leave request changed meanwhile');
    return { result: after, mutations: [{ kind: 'leave.decided', leave: after }] };
  });
}
