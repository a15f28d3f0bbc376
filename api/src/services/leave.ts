import {
  ApiError,
  isDesk,
  type LeaveDecisionBody,
  type LeaveRequest,
  type LeaveRequestBody,
  localDate,
  type User,
} from '../../../contract';
import { activeBookingsOfStaff } from '../db/bookings';
import { inTransaction } from '../db/database';
import { decideLeave, findLeave, insertLeave, listLeave, overlappingLeave } from '../db/leave';
import { newId } from '../ids';
import type { Ctx, Outcome } from './context';

export function listLeaveFor(ctx: Ctx, user: User): LeaveRequest[] {
  if (user.role === 'staff') {
    return user.staffId
      ? listLeave(ctx.db, { branchId: user.branchId, staffId: user.staffId })
      : [];
  }
  if (isDesk(user.role)) return listLeave(ctx.db, { branchId: user.branchId });
  throw new ApiError('FORBIDDEN', 'Leave is for staff and the desk');
}

/** A stylist asks for days off; overlapping an open or approved request of theirs is a 409. */
export function requestLeave(ctx: Ctx, user: User, body: LeaveRequestBody): Outcome<LeaveRequest> {
  if (user.role !== 'staff' || !user.staffId) {
    throw new ApiError('FORBIDDEN', 'Only staff request leave');
  }
  const staffId = user.staffId;
  const now = ctx.now();
  if (body.from < localDate(now)) {
    throw new ApiError('BAD_REQUEST', 'from: leave cannot start in the past', [
      { path: 'from', message: 'in the past' },
    ]);
  }
  return inTransaction(ctx.db, () => {
    if (overlappingLeave(ctx.db, staffId, body.from, body.to, ['pending', 'approved']).length) {
      throw new ApiError('CONFLICT', 'You already have leave requested or approved on those days');
    }
    const id = newId('lv');
    insertLeave(ctx.db, {
      id,
      staffId,
      branchId: user.branchId,
      from: body.from,
      to: body.to,
      reason: body.reason,
      createdAt: now.toISOString(),
    });
    const leave = findLeave(ctx.db, id)!;
    return { result: leave, mutations: [{ kind: 'leave.requested', leave }] };
  });
}

/**
 * Manager or owner decides a pending request. Approval records the stylist's active bookings in
 * the range as `affectedBookingIds` for the desk to reassign; they are not cancelled.
 */
export function decide(
  ctx: Ctx,
  user: User,
  id: string,
  body: LeaveDecisionBody,
): Outcome<LeaveRequest> {
  return inTransaction(ctx.db, () => {
    const leave = findLeave(ctx.db, id);
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
      ? activeBookingsOfStaff(ctx.db, leave.staffId, leave.from, leave.to).map((b) => b.id)
      : [];
    const changed = decideLeave(
      ctx.db,
      id,
      { status: approve ? 'approved' : 'declined', decidedBy: user.id, affected },
      ctx.now().toISOString(),
    );
    if (!changed) throw new ApiError('CONFLICT', 'The leave request changed meanwhile');
    const after = findLeave(ctx.db, id)!;
    return { result: after, mutations: [{ kind: 'leave.decided', leave: after }] };
  });
}
