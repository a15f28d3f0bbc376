import type { Role, User } from '../../../contract';
import type { Db } from './database';

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  staff_id: string | null;
  branch_id: string;
  password_hash: string;
}

export interface UserWithHash {
  user: User;
  passwordHash: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  staffId: r.staff_id,
  branchId: r.branch_id,
});

export function findUserById(db: Db, id: string): User | null {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  return row ? toUser(row) : null;
}

export function findUserByEmail(db: Db, email: string): UserWithHash | null {
  const row = db.prepare('SELECT * FROM users WHERE email = ?').get(email) as UserRow | undefined;
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

export function insertUser(db: Db, user: User, passwordHash: string, createdAt: string): void {
  db.prepare(
    `INSERT INTO users (id, name, email, role, staff_id, branch_id, password_hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    user.id,
    user.name,
    user.email,
    user.role,
    user.staffId,
    user.branchId,
    passwordHash,
    createdAt,
  );
}

/** The desk of a branch (receptionists, managers, owners), oldest account first. */
export function deskUsers(db: Db, branchId: string): User[] {
  const rows = db
    .prepare(
      `SELECT * FROM users WHERE branch_id = ? AND role IN ('receptionist','manager','owner')
       ORDER BY created_at, id`,
    )
    .all(branchId) as UserRow[];
  return rows.map(toUser);
}
