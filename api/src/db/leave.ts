import type { LeaveRequest, LeaveStatus } from '../../../contract';
import type { LeaveDecision, LeaveFilter, NewLeave } from '../../../domain';
import type { Sql } from './sql';

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

export async function findLeave(sql: Sql, id: string): Promise<LeaveRequest | null> {
  const row = await sql.get<LeaveRow>(`${SELECT} WHERE l.id = ?`, [id]);
  return row ? toLeave(row) : null;
}

/** Leave matching every given condition, latest start first. */
export async function listLeave(sql: Sql, filter: LeaveFilter): Promise<LeaveRequest[]> {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.branchId) {
    where.push('l.branch_id = ?');
    args.push(filter.branchId);
  }
  if (filter.staffId) {
    where.push('l.staff_id = ?');
    args.push(filter.staffId);
  }
  if (filter.statuses) {
    where.push(`l.status IN (${filter.statuses.map(() => '?').join(',') || 'NULL'})`);
    args.push(...filter.statuses);
  }
  if (filter.overlapping) {
    where.push('l.from_date <= ? AND l.to_date >= ?');
    args.push(filter.overlapping.to, filter.overlapping.from);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await sql.all<LeaveRow>(
    `${SELECT} ${clause} ORDER BY l.from_date DESC, l.created_at DESC, l.rowid DESC`,
    args,
  );
  return rows.map(toLeave);
}

export async function insertLeave(sql: Sql, l: NewLeave): Promise<LeaveRequest> {
  await sql.run(
    `INSERT INTO leave_requests (id, staff_id, branch_id, from_date, to_date, reason, status,
       version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', 1, ?, ?)`,
    [l.id, l.staffId, l.branchId, l.from, l.to, l.reason, l.createdAt, l.createdAt],
  );
  return (await findLeave(sql, l.id))!;
}

/** Decides a pending request; null when it was no longer pending. */
export async function decideLeave(
  sql: Sql,
  id: string,
  decision: LeaveDecision,
  now: string,
): Promise<LeaveRequest | null> {
  const changed = await sql.run(
    `UPDATE leave_requests SET status = ?, decided_by = ?, affected_booking_ids = ?,
       version = version + 1, updated_at = ?
     WHERE id = ? AND status = 'pending'`,
    [decision.status, decision.decidedBy, JSON.stringify(decision.affectedBookingIds), now, id],
  );
  return changed === 1 ? findLeave(sql, id) : null;
}
