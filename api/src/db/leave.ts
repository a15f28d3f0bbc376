import type { LeaveRequest, LeaveStatus } from '../../../contract';
import type { Db } from './database';

interface LeaveRow {
  id: string;
  staff_id: string;
  staff_name: string;
  branch_id: string;
  from_date: string;
  to_date: string;
  reason: string;
  status: LeaveStatus;
  decided_by: string | null;
  affected_booking_ids: string;
  version: number;
  created_at: string;
  updated_at: string;
}

const SELECT = `
  SELECT l.*, s.name AS staff_name FROM leave_requests l JOIN staff s ON s.id = l.staff_id`;

const toLeave = (r: LeaveRow): LeaveRequest => ({
  id: r.id,
  staffId: r.staff_id,
  staffName: r.staff_name,
  branchId: r.branch_id,
  from: r.from_date,
  to: r.to_date,
  reason: r.reason,
  status: r.status,
  decidedBy: r.decided_by,
  affectedBookingIds: JSON.parse(r.affected_booking_ids) as string[],
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function findLeave(db: Db, id: string): LeaveRequest | null {
  const row = db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as LeaveRow | undefined;
  return row ? toLeave(row) : null;
}

export function listLeave(db: Db, filter: { branchId: string; staffId?: string }) {
  const rows = (
    filter.staffId
      ? db
          .prepare(`${SELECT} WHERE l.branch_id = ? AND l.staff_id = ? ORDER BY l.from_date DESC`)
          .all(filter.branchId, filter.staffId)
      : db.prepare(`${SELECT} WHERE l.branch_id = ? ORDER BY l.from_date DESC`).all(filter.branchId)
  ) as LeaveRow[];
  return rows.map(toLeave);
}

/** Leave of `status` for a stylist that overlaps [from, to]. */
export function overlappingLeave(
  db: Db,
  staffId: string,
  from: string,
  to: string,
  statuses: readonly LeaveStatus[],
): LeaveRequest[] {
  const rows = db
    .prepare(
      `${SELECT} WHERE l.staff_id = ? AND l.from_date <= ? AND l.to_date >= ?
       AND l.status IN (${statuses.map(() => '?').join(',')})`,
    )
    .all(staffId, to, from, ...statuses) as LeaveRow[];
  return rows.map(toLeave);
}

/** Staff ids with approved leave covering `date`. */
export function staffOffOn(db: Db, branchId: string, date: string): Set<string> {
  const rows = db
    .prepare(
      `SELECT DISTINCT staff_id FROM leave_requests
       WHERE branch_id = ? AND status = 'approved' AND from_date <= ? AND to_date >= ?`,
    )
    .all(branchId, date, date) as Array<{ staff_id: string }>;
  return new Set(rows.map((r) => r.staff_id));
}

export function insertLeave(
  db: Db,
  l: {
    id: string;
    staffId: string;
    branchId: string;
    from: string;
    to: string;
    reason: string;
    createdAt: string;
  },
): void {
  db.prepare(
    `INSERT INTO leave_requests (id, staff_id, branch_id, from_date, to_date, reason, status,
       version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 1, ?, ?)`,
  ).run(l.id, l.staffId, l.branchId, l.from, l.to, l.reason, l.createdAt, l.createdAt);
}

/** Decides a pending request; false when it was no longer pending. */
export function decideLeave(
  db: Db,
  id: string,
  decision: { status: 'approved' | 'declined'; decidedBy: string; affected: string[] },
  now: string,
): boolean {
  const result = db
    .prepare(
      `UPDATE leave_requests SET status = ?, decided_by = ?, affected_booking_ids = ?,
         version = version + 1, updated_at = ?
       WHERE id = ? AND status = 'pending'`,
    )
    .run(decision.status, decision.decidedBy, JSON.stringify(decision.affected), now, id);
  return result.changes === 1;
}
