import type { Booking, BookingStatus } from '../../../contract';
import type { BookingChange, BookingFilter, NewBooking } from '../../../domain';
import type { Db } from './database';

interface BookingRow {
  id: string;
  customer_id: string;
  customer_name: string;
  service_id: string;
  service_name: string;
  staff_id: string | null;
  staff_name: string | null;
  branch_id: string;
  date: string;
  time: string;
  duration_min: number;
  status: BookingStatus;
  version: number;
  created_at: string;
  updated_at: string;
}

const SELECT = `
  SELECT b.id, b.customer_id, c.name AS customer_name, b.service_id, s.name AS service_name,
         b.staff_id, st.name AS staff_name, b.branch_id, b.date, b.time, b.duration_min,
         b.status, b.version, b.created_at, b.updated_at
  FROM bookings b
  JOIN users c ON c.id = b.customer_id
  JOIN services s ON s.id = b.service_id
  LEFT JOIN staff st ON st.id = b.staff_id`;

const ORDER = 'ORDER BY b.date, b.time, b.created_at';

const toBooking = (r: BookingRow): Booking => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  serviceId: r.service_id,
  serviceName: r.service_name,
  staffId: r.staff_id,
  staffName: r.staff_name,
  branchId: r.branch_id,
  date: r.date,
  time: r.time,
  durationMin: r.duration_min,
  status: r.status,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function findBooking(db: Db, id: string): Booking | null {
  const row = db.prepare(`${SELECT} WHERE b.id = ?`).get(id) as BookingRow | undefined;
  return row ? toBooking(row) : null;
}

export function listBookings(db: Db, filter: BookingFilter): Booking[] {
  const where: string[] = [];
  const args: string[] = [];
  const add = (sql: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(sql);
    args.push(value);
  };
  add('b.branch_id = ?', filter.branchId);
  add('b.customer_id = ?', filter.customerId);
  add('b.staff_id = ?', filter.staffId);
  add('b.status = ?', filter.status);
  add('b.date = ?', filter.date);
  add('b.date >= ?', filter.from);
  add('b.date <= ?', filter.to);
  if (filter.activeOnly) where.push(`b.status IN ('pending','confirmed')`);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = db.prepare(`${SELECT} ${clause} ${ORDER}`).all(...args) as BookingRow[];
  return rows.map(toBooking);
}

/** Ids of the non-terminal bookings a token should let its holder follow. */
export function activeBookingIds(
  db: Db,
  by: { customerId: string } | { staffId: string },
  limit: number,
): string[] {
  const [column, value] =
    'customerId' in by ? ['customer_id', by.customerId] : ['staff_id', by.staffId];
  const rows = db
    .prepare(
      `SELECT id FROM bookings WHERE ${column} = ? AND status IN ('pending','confirmed')
       ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    )
    .all(value, limit) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

export function insertBooking(db: Db, b: NewBooking): Booking {
  db.prepare(
    `INSERT INTO bookings (id, customer_id, service_id, staff_id, branch_id, date, time,
       duration_min, status, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(
    b.id,
    b.customerId,
    b.serviceId,
    b.staffId,
    b.branchId,
    b.date,
    b.time,
    b.durationMin,
    b.status,
    b.createdAt,
    b.createdAt,
  );
  return findBooking(db, b.id)!;
}

/** Seed only: a booking with its version and timestamps as given. */
export function insertBookingRaw(db: Db, b: Booking): void {
  db.prepare(
    `INSERT INTO bookings (id, customer_id, service_id, staff_id, branch_id, date, time,
       duration_min, status, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    b.id,
    b.customerId,
    b.serviceId,
    b.staffId,
    b.branchId,
    b.date,
    b.time,
    b.durationMin,
    b.status,
    b.version,
    b.createdAt,
    b.updatedAt,
  );
}

/**
 * Applies a change if the booking is still at `expectedVersion` (optimistic check inside the
 * caller's transaction) and bumps the version. Null when someone changed it first.
 */
export function updateBooking(
  db: Db,
  id: string,
  expectedVersion: number,
  change: BookingChange,
  now: string,
): Booking | null {
  const result = db
    .prepare(
      `UPDATE bookings SET
         status = COALESCE(@status, status),
         staff_id = COALESCE(@staffId, staff_id),
         date = COALESCE(@date, date),
         time = COALESCE(@time, time),
         status_reason = CASE WHEN @status IS NULL THEN status_reason ELSE @reason END,
         version = version + 1,
         updated_at = @now
       WHERE id = @id AND version = @expectedVersion`,
    )
    .run({
      id,
      expectedVersion,
      now,
      status: change.status ?? null,
      staffId: change.staffId ?? null,
      date: change.date ?? null,
      time: change.time ?? null,
      reason: change.reason ?? null,
    });
  return result.changes === 1 ? findBooking(db, id) : null;
}
