import type { Branch, Service, Staff, WeekHours } from '../../../contract';
import type { BranchChange } from '../../../domain';
import type { Db } from './database';

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

export function findBranch(db: Db, id: string): Branch | null {
  const row = db.prepare('SELECT * FROM branches WHERE id = ?').get(id) as BranchRow | undefined;
  return row ? toBranch(row) : null;
}

export function insertBranch(db: Db, b: Branch): void {
  const { opensAt, closesAt } = span(b.hours);
  db.prepare(
    `INSERT INTO branches (id, name, opens_at, closes_at, time_zone, locale, currency, hours,
       booking_horizon_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    b.id,
    b.name,
    opensAt,
    closesAt,
    b.timeZone,
    b.locale,
    b.currency,
    JSON.stringify(b.hours),
    b.bookingHorizonDays,
  );
}

export function updateBranch(db: Db, id: string, change: BranchChange): Branch | null {
  const before = findBranch(db, id);
  if (!before) return null;
  const after: Branch = { ...before, ...change, id };
  const { opensAt, closesAt } = span(after.hours);
  db.prepare(
    `UPDATE branches SET name = ?, opens_at = ?, closes_at = ?, time_zone = ?, locale = ?,
       currency = ?, hours = ?, booking_horizon_days = ? WHERE id = ?`,
  ).run(
    after.name,
    opensAt,
    closesAt,
    after.timeZone,
    after.locale,
    after.currency,
    JSON.stringify(after.hours),
    after.bookingHorizonDays,
    id,
  );
  return findBranch(db, id);
}

export function listServices(db: Db): Service[] {
  return db
    .prepare(
      `SELECT id, name, duration_min AS durationMin, price_cents AS priceCents
       FROM services ORDER BY sort, name`,
    )
    .all() as Service[];
}

export function findService(db: Db, id: string): Service | null {
  const row = db
    .prepare(
      `SELECT id, name, duration_min AS durationMin, price_cents AS priceCents
       FROM services WHERE id = ?`,
    )
    .get(id) as Service | undefined;
  return row ?? null;
}

export function insertService(db: Db, s: Service, sort: number): void {
  db.prepare(
    'INSERT INTO services (id, name, duration_min, price_cents, sort) VALUES (?, ?, ?, ?, ?)',
  ).run(s.id, s.name, s.durationMin, s.priceCents, sort);
}

/** Staff of a branch in their display order (availability offers the first free one). */
export function listStaff(db: Db, branchId: string): StaffMember[] {
  return db
    .prepare(
      `SELECT id, name, user_id AS userId, branch_id AS branchId
       FROM staff WHERE branch_id = ? ORDER BY sort, name`,
    )
    .all(branchId) as StaffMember[];
}

export function findStaff(db: Db, id: string): StaffMember | null {
  const row = db
    .prepare('SELECT id, name, user_id AS userId, branch_id AS branchId FROM staff WHERE id = ?')
    .get(id) as StaffMember | undefined;
  return row ?? null;
}

export function insertStaff(db: Db, s: StaffMember, sort: number): void {
  db.prepare('INSERT INTO staff (id, name, user_id, branch_id, sort) VALUES (?, ?, ?, ?, ?)').run(
    s.id,
    s.name,
    s.userId,
    s.branchId,
    sort,
  );
}

export const publicStaff = ({ id, name, userId }: StaffMember): Staff => ({ id, name, userId });
