import type { Service, Staff } from '../../../contract';
import type { Db } from './database';

// Branches, services and staff: the salon's slowly-changing reference data.

export interface Branch {
  id: string;
  name: string;
  opensAt: string;
  closesAt: string;
}

export interface StaffMember extends Staff {
  branchId: string;
}

export function findBranch(db: Db, id: string): Branch | null {
  const row = db
    .prepare(
      'SELECT id, name, opens_at AS opensAt, closes_at AS closesAt FROM branches WHERE id = ?',
    )
    .get(id) as Branch | undefined;
  return row ?? null;
}

export function insertBranch(db: Db, b: Branch): void {
  db.prepare('INSERT INTO branches (id, name, opens_at, closes_at) VALUES (?, ?, ?, ?)').run(
    b.id,
    b.name,
    b.opensAt,
    b.closesAt,
  );
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
