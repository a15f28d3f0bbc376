import type { Branch, Service, Staff, WeekHours } from '../../../contract';
import type { BranchChange } from '../../../domain';
import type { Sql } from './sql';

// Branches, services and staff: the salon's slowly-changing reference data.

export type { Branch };

interface BranchRow {
  id: string;
  name: string;
  opens_at: string;
  closes_at: string;
  time_zone: string;
  locale: string;
  currency: string;
  hours: string | null;
  booking_horizon_days: number;
}

const everyDay = (open: string, close: string): WeekHours => {
  const h = { open, close };
  return { mon: h, tue: h, wed: h, thu: h, fri: h, sat: h, sun: h };
};

const toBranch = (r: BranchRow): Branch => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  locale: r.locale,
  currency: r.currency,
  hours: r.hours ? (JSON.parse(r.hours) as WeekHours) : everyDay(r.opens_at, r.closes_at),
  bookingHorizonDays: r.booking_horizon_days,
});

/** The earliest opening and latest closing of the week (the old single-range columns). */
function span(hours: WeekHours): { opensAt: string; closesAt: string } {
  const open = Object.values(hours).filter((h) => h !== null);
  if (open.length === 0) return { opensAt: '09:00', closesAt: '18:00' };
  return {
    opensAt: open.map((h) => h.open).sort()[0]!,
    closesAt: open
      .map((h) => h.close)
      .sort()
      .at(-1)!,
  };
}

export interface StaffMember extends Staff {
  branchId: string;
}

export async function findBranch(sql: Sql, id: string): Promise<Branch | null> {
  const row = await sql.get<BranchRow>('SELECT * FROM branches WHERE id = ?', [id]);
  return row ? toBranch(row) : null;
}

export async function insertBranch(sql: Sql, b: Branch): Promise<void> {
  const { opensAt, closesAt } = span(b.hours);
  await sql.run(
    `INSERT INTO branches (id, name, opens_at, closes_at, time_zone, locale, currency, hours,
       booking_horizon_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      b.id,
      b.name,
      opensAt,
      closesAt,
      b.timeZone,
      b.locale,
      b.currency,
      JSON.stringify(b.hours),
      b.bookingHorizonDays,
    ],
  );
}

export async function updateBranch(
  sql: Sql,
  id: string,
  change: BranchChange,
): Promise<Branch | null> {
  const before = await findBranch(sql, id);
  if (!before) return null;
  const after: Branch = { ...before, ...change, id };
  const { opensAt, closesAt } = span(after.hours);
  await sql.run(
    `UPDATE branches SET name = ?, opens_at = ?, closes_at = ?, time_zone = ?, locale = ?,
       currency = ?, hours = ?, booking_horizon_days = ? WHERE id = ?`,
    [
      after.name,
      opensAt,
      closesAt,
      after.timeZone,
      after.locale,
      after.currency,
      JSON.stringify(after.hours),
      after.bookingHorizonDays,
      id,
    ],
  );
  return findBranch(sql, id);
}

const SERVICE =
  'SELECT id, name, duration_min AS "durationMin", price_cents AS "priceCents" FROM services';
const STAFF = 'SELECT id, name, user_id AS "userId", branch_id AS "branchId" FROM staff';

export function listServices(sql: Sql): Promise<Service[]> {
  return sql.all<Service>(`${SERVICE} ORDER BY sort, name`);
}

export async function findService(sql: Sql, id: string): Promise<Service | null> {
  return (await sql.get<Service>(`${SERVICE} WHERE id = ?`, [id])) ?? null;
}

export async function insertService(sql: Sql, s: Service, sort: number): Promise<void> {
  await sql.run(
    'INSERT INTO services (id, name, duration_min, price_cents, sort) VALUES (?, ?, ?, ?, ?)',
    [s.id, s.name, s.durationMin, s.priceCents, sort],
  );
}

/** Staff of a branch in their display order (availability offers the first free one). */
export function listStaff(sql: Sql, branchId: string): Promise<StaffMember[]> {
  return sql.all<StaffMember>(`${STAFF} WHERE branch_id = ? ORDER BY sort, name`, [branchId]);
}

export async function findStaff(sql: Sql, id: string): Promise<StaffMember | null> {
  return (await sql.get<StaffMember>(`${STAFF} WHERE id = ?`, [id])) ?? null;
}

export async function insertStaff(sql: Sql, s: StaffMember, sort: number): Promise<void> {
  await sql.run('INSERT INTO staff (id, name, user_id, branch_id, sort) VALUES (?, ?, ?, ?, ?)', [
    s.id,
    s.name,
    s.userId,
    s.branchId,
    sort,
  ]);
}

export const publicStaff = ({ id, name, userId }: StaffMember): Staff => ({ id, name, userId });
