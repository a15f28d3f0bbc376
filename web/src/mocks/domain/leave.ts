import {
  ApiError,
  canDecideLeave,
  isDesk,
  type LeaveDecisionBody,
  type LeaveRequest,
  type LeaveRequestBody,
  localDate,
  type User,
} from '../../../../contract';
import type { MockDb } from '../store/db';
import { bookingsDuring, type Outcome } from './bookings';
import { forbidden, newId, notFound, nowIso } from './common';

export function listLeave(db: MockDb, user: User): LeaveRequest[] {
  const mine = (l: LeaveRequest) => l.staffId === user.staffId;
  const visible = isDesk(user.role)
    ? (l: LeaveRequest) => l.branchId === user.branchId
    : user.role === 'staff'
      ? mine
      : forbidden('Leave is for staff and the desk');
  return db.leave.filter(visible).sort((a, b) => b.from.localeCompare(a.from));
}

export function requestLeave(
  db: MockDb,
  user: User,
  body: LeaveRequestBody,
): Outcome<LeaveRequest> {
  if (user.role !== 'staff' || !user.staffId) forbidden('Only staff request leave');
  const staff = db.staff.find((s) => s.id === user.staffId);
  if (!staff) notFound('Staff member');
  if (body.from < localDate()) {
    throw new ApiError('BAD_REQUEST', 'from: leave cannot start in the past', [
      { path: 'from', message: 'in the past' },
    ]);
  }
  const clash = db.leave.some(
    (l) =>
      l.staffId === staff.id &&
      (l.status === 'pending' || l.status === 'approved') &&
      l.from <= body.to &&
      body.from <= l.to,
  );
  if (clash) {
    throw new ApiError('CONFLICT', 'You already have leave requested or approved on those days');
  }
  const now = nowIso();
  const leave: LeaveRequest = {
    id: newId('lv'),
    staffId: staff.id,
    staffName: staff.name,
    branchId: db.branch.id,
    from: body.from,
    to: body.to,
    reason: body.reason,
    status: 'pending',
    decidedBy: null,
    affectedBookingIds: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  db.leave.push(leave);
  return { result: leave, mutations: [{ kind: 'leave.requested', leave }] };
}

export function decideLeave(
  db: MockDb,
  user: User,
  id: string,
  body: LeaveDecisionBody,
): Outcome<LeaveRequest> {
  if (!canDecideLeave(user.role)) forbidden('Only a manager or the owner decides leave');
  const index = db.leave.findIndex((l) => l.id === id && l.branchId === user.branchId);
  const before = db.leave[index];
  if (!before) notFound('Leave request');
  if (before.status !== 'pending') {
    throw new ApiError(
      'ILLEGAL_TRANSITION',
      `Cannot ${body.action} a leave request that is ${before.status}`,
      { currentStatus: before.status, action: body.action },
    );
  }
  const approved = body.action === 'approve';
  const leave: LeaveRequest = {
    ...before,
    status: approved ? 'approved' : 'declined',
    decidedBy: user.id,
    affectedBookingIds: approved ? bookingsDuring(db, before.staffId, before.from, before.to) : [],
    version: before.version + 1,
    updatedAt: nowIso(),
  };
  db.leave[index] = leave;
  return { result: leave, mutations: [{ kind: 'leave.decided', leave }] };
}
