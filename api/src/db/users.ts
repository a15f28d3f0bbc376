import type { Role, User } from '../../../contract';
import type { Sql } from './sql';

export interface UserRow {
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

export const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  staffId: r.staff_id,
  branchId: r.branch_id,
});

export async function findUserById(sql: Sql, id: string): Promise<User | null> {
  const row = await sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
  return row ? toUser(row) : null;
}

/** E-mail addresses compare without case (one account per address, however it is typed). */
export async function findUserByEmail(sql: Sql, email: string): Promise<UserWithHash | null> {
  const row = await sql.get<UserRow>('SELECT * FROM users WHERE lower(email) = ?', [
    email.toLowerCase(),
  ]);
  return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
}

export async function insertUser(
  sql: Sql,
  user: User,
  passwordHash: string,
  createdAt: string,
): Promise<void> {
  await sql.run(
    `INSERT INTO users (id, name, email, role, staff_id, branch_id, password_hash, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      user.id,
      user.name,
      user.email,
      user.role,
      user.staffId,
      user.branchId,
      passwordHash,
      createdAt,
    ],
  );
}

/** The desk of a branch (receptionists, managers, owners), oldest account first. */
export async function deskUsers(sql: Sql, branchId: string): Promise<User[]> {
  const rows = await sql.all<UserRow>(
    `SELECT * FROM users WHERE branch_id = ? AND role IN ('receptionist','manager','owner')
     ORDER BY created_at, id`,
    [branchId],
  );
  return rows.map(toUser);
}
