import type { Booking, BookingService, BookingSource, BookingStatus } from '../../../contract';
import {
  type BookingChange,
  type BookingFilter,
  isPlaceholderEmail,
  type NewBooking,
} from '../../../domain';
import { jsonValues, type Sql } from './sql';

interface BookingRow {
  id: string;
  customer_id: string;
  customer_name: string;
  customer_phone: string | null;
  customer_email: string;
  service_id: string;
  service_name: string;
  staff_id: string | null;
  staff_name: string | null;
  branch_id: string;
  date: string;
  time: string;
  duration_min: number;
  status: BookingStatus;
  status_reason: string | null;
  source: BookingSource;
  needs_staff: number;
  version: number;
  created_at: string;
  updated_at: string;
  service_duration: number;
  service_price: number;
}

const SELECT = `
  SELECT b.id, b.customer_id, c.name AS customer_name, c.phone AS customer_phone,
         c.email AS customer_email, b.service_id, s.name AS service_name,
         s.duration_min AS service_duration, s.price_cents AS service_price,
         b.staff_id, st.name AS staff_name, b.branch_id, b.date, b.time, b.duration_min,
         b.status, b.status_reason, b.source, b.needs_staff, b.version, b.created_at, b.updated_at
  FROM bookings b
  JOIN users c ON c.id = b.customer_id
  JOIN services s ON s.id = b.service_id
  LEFT JOIN staff st ON st.id = b.staff_id`;

const ORDER = 'ORDER BY b.date, b.time, b.created_at';

interface ServiceRow {
  booking_id: string;
  service_id: string;
  name: string;
  duration_min: number;
  price_cents: number;
}

/** Each booking's services in order (one statement for the whole list). */
async function servicesOf(
  sql: Sql,
  ids: readonly string[],
): Promise<Map<string, BookingService[]>> {
  const out = new Map<string, BookingService[]>();
  if (ids.length === 0) return out;
  const rows = await sql.all<ServiceRow>(
    `SELECT booking_id, service_id, name, duration_min, price_cents FROM booking_services
     WHERE booking_id IN (SELECT value FROM ${jsonValues(sql)}) ORDER BY booking_id, position`,
    [JSON.stringify(ids)],
  );
  for (const r of rows) {
    const list = out.get(r.booking_id) ?? [];
    list.push({
      id: r.service_id,
      name: r.name,
      durationMin: r.duration_min,
      priceCents: r.price_cents,
    });
    out.set(r.booking_id, list);
  }
  return out;
}

const toBooking = (r: BookingRow, stored: BookingService[] | undefined): Booking => {
  // A booking from before multi-service bookings (no rows) holds its one service.
  const services = stored?.length
    ? stored
    : [
        {
          id: r.service_id,
          name: r.service_name,
          durationMin: r.service_duration,
          priceCents: r.service_price,
        },
      ];
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    ...(r.customer_phone ? { customerPhone: r.customer_phone } : {}),
    ...(isPlaceholderEmail(r.customer_email) ? {} : { customerEmail: r.customer_email }),
    services,
    serviceId: services[0]!.id,
    serviceName: services[0]!.name,
    priceCents: services.reduce((sum, s) => sum + s.priceCents, 0),
    staffId: r.staff_id,
    staffName: r.staff_name,
    branchId: r.branch_id,
    date: r.date,
    time: r.time,
    durationMin: r.duration_min,
    status: r.status,
    ...(r.status_reason ? { statusReason: r.status_reason } : {}),
    needsStaff: r.needs_staff === 1,
    source: r.source,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

async function toBookings(sql: Sql, rows: BookingRow[]): Promise<Booking[]> {
  const services = await servicesOf(
    sql,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toBooking(r, services.get(r.id)));
}

export async function findBooking(sql: Sql, id: string): Promise<Booking | null> {
  const row = await sql.get<BookingRow>(`${SELECT} WHERE b.id = ?`, [id]);
  return row ? (await toBookings(sql, [row]))[0]! : null;
}

export async function listBookings(sql: Sql, filter: BookingFilter): Promise<Booking[]> {
  const where: string[] = [];
  const args: string[] = [];
  const add = (condition: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(condition);
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
  if (filter.needsStaff) where.push('b.needs_staff = 1');
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await sql.all<BookingRow>(`${SELECT} ${clause} ${ORDER}`, args);
  return toBookings(sql, rows);
}

async function writeServices(
  sql: Sql,
  bookingId: string,
  services: readonly BookingService[],
): Promise<void> {
  await sql.run('DELETE FROM booking_services WHERE booking_id = ?', [bookingId]);
  for (const [i, s] of services.entries()) {
    await sql.run(
      `INSERT INTO booking_services (booking_id, position, service_id, name, duration_min,
         price_cents) VALUES (?, ?, ?, ?, ?, ?)`,
      [bookingId, i, s.id, s.name, s.durationMin, s.priceCents],
    );
  }
}

/** Ids of the non-terminal bookings a token should let its holder follow. */
export async function activeBookingIds(
  sql: Sql,
  by: { customerId: string } | { staffId: string },
  limit: number,
): Promise<string[]> {
  const [column, value] =
    'customerId' in by ? ['customer_id', by.customerId] : ['staff_id', by.staffId];
  const rows = await sql.all<{ id: string }>(
    `SELECT id FROM bookings WHERE ${column} = ? AND status IN ('pending','confirmed')
     ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    [value, limit],
  );
  return rows.map((r) => r.id);
}

export async function insertBooking(sql: Sql, b: NewBooking): Promise<Booking> {
  await insertRow(sql, {
    ...b,
    statusReason: null,
    source: b.source ?? 'online',
    needsStaff: false,
    version: 1,
    updatedAt: b.createdAt,
  });
  if (b.services) await writeServices(sql, b.id, b.services);
  return (await findBooking(sql, b.id))!;
}

/** Seed only: a booking with its version and timestamps as given. */
export async function insertBookingRaw(sql: Sql, b: Booking): Promise<void> {
  await insertRow(sql, { ...b, statusReason: b.statusReason ?? null });
  await writeServices(sql, b.id, b.services);
}

type BookingRowValues = Pick<
  Booking,
  | 'id'
  | 'customerId'
  | 'serviceId'
  | 'staffId'
  | 'branchId'
  | 'date'
  | 'time'
  | 'durationMin'
  | 'status'
  | 'source'
  | 'needsStaff'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
> & { statusReason: string | null };

async function insertRow(sql: Sql, b: BookingRowValues): Promise<void> {
  await sql.run(
    `INSERT INTO bookings (id, customer_id, service_id, staff_id, branch_id, date, time,
       duration_min, status, status_reason, source, needs_staff, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      b.id,
      b.customerId,
      b.serviceId,
      b.staffId,
      b.branchId,
      b.date,
      b.time,
      b.durationMin,
      b.status,
      b.statusReason,
      b.source,
      b.needsStaff ? 1 : 0,
      b.version,
      b.createdAt,
      b.updatedAt,
    ],
  );
}

/**
 * Applies a change if the booking is still at `expectedVersion` (optimistic check inside the
 * caller's transaction) and bumps the version. Null when someone changed it first.
 */
export async function updateBooking(
  sql: Sql,
  id: string,
  expectedVersion: number,
  change: BookingChange,
  now: string,
): Promise<Booking | null> {
  const changed = await sql.run(
    `UPDATE bookings SET
       status = COALESCE(@status, status),
       staff_id = CASE WHEN @staffSet = 1 THEN @staffId ELSE staff_id END,
       date = COALESCE(@date, date),
       time = COALESCE(@time, time),
       duration_min = COALESCE(@durationMin, duration_min),
       service_id = COALESCE(@serviceId, service_id),
       needs_staff = COALESCE(@needsStaff, needs_staff),
       status_reason = CASE WHEN @status IS NULL THEN status_reason ELSE @reason END,
       version = version + 1,
       updated_at = @now
     WHERE id = @id AND version = @expectedVersion`,
    {
      id,
      expectedVersion,
      now,
      status: change.status ?? null,
      staffSet: change.staffId === undefined ? 0 : 1,
      staffId: change.staffId ?? null,
      date: change.date ?? null,
      time: change.time ?? null,
      durationMin: change.durationMin ?? null,
      serviceId: change.services?.[0]?.id ?? null,
      needsStaff: change.needsStaff === undefined ? null : change.needsStaff ? 1 : 0,
      reason: change.reason ?? null,
    },
  );
  if (changed !== 1) return null;
  if (change.services) await writeServices(sql, id, change.services);
  return findBooking(sql, id);
}
