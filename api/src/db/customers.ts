import type { Customer } from '../../../contract';
import {
  isPlaceholderEmail,
  type NewCustomer,
  phoneDigits,
  placeholderEmail,
} from '../../../domain';
import type { Sql } from './sql';

// Customers: users with role `customer` — those who registered (has_account = 1) and those the
// desk added for a phone caller (has_account = 0: no password, maybe no email).

interface CustomerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string;
  has_account: number;
}

const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  name: r.name,
  ...(r.phone ? { phone: r.phone } : {}),
  ...(isPlaceholderEmail(r.email) ? {} : { email: r.email }),
  hasAccount: r.has_account === 1,
});

const COLUMNS = 'id, name, phone, email, has_account';
// Digits of the phone column, as phoneDigits() computes them in the domain.
const PHONE_DIGITS = `replace(replace(replace(replace(replace(replace(replace(
  coalesce(phone, ''), ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', ''), '/', '')`;

export async function findCustomer(sql: Sql, id: string): Promise<Customer | null> {
  const row = await sql.get<CustomerRow>(
    `SELECT ${COLUMNS} FROM users WHERE id = ? AND role = 'customer'`,
    [id],
  );
  return row ? toCustomer(row) : null;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Case-insensitive through `lower()` on both sides (SQLite's LIKE ignores case, PostgreSQL's does not). */
export async function searchCustomers(
  sql: Sql,
  branchId: string,
  q: string,
  limit: number,
): Promise<Customer[]> {
  const text = q.trim();
  const digits = phoneDigits(text);
  const rows = await sql.all<CustomerRow>(
    `SELECT ${COLUMNS} FROM users
     WHERE role = 'customer' AND branch_id = @branchId AND (
       @text = ''
       OR lower(name) LIKE @like ESCAPE '\\'
       OR (lower(email) LIKE @like ESCAPE '\\' AND email NOT LIKE '%@no-account.invalid')
       OR (@digitCount >= 3 AND ${PHONE_DIGITS} LIKE @digitsLike))
     ORDER BY lower(name), id LIMIT @limit`,
    {
      branchId,
      text,
      like: like(text.toLowerCase()),
      digitCount: digits.length,
      digitsLike: `%${digits}%`,
      limit,
    },
  );
  return rows.map(toCustomer);
}

export async function findCustomerByContact(
  sql: Sql,
  branchId: string,
  contact: { phone?: string; email?: string },
): Promise<Customer | null> {
  const digits = contact.phone ? phoneDigits(contact.phone) : '';
  const row = await sql.get<CustomerRow>(
    `SELECT ${COLUMNS} FROM users WHERE role = 'customer' AND branch_id = @branchId AND (
       (@email <> '' AND lower(email) = @email)
       OR (@digits <> '' AND ${PHONE_DIGITS} = @digits)) LIMIT 1`,
    { branchId, email: contact.email?.toLowerCase() ?? '', digits },
  );
  return row ? toCustomer(row) : null;
}

export async function insertCustomer(sql: Sql, c: NewCustomer): Promise<Customer> {
  await sql.run(
    `INSERT INTO users (id, name, email, role, staff_id, branch_id, password_hash, created_at,
       phone, has_account)
     VALUES (?, ?, ?, 'customer', NULL, ?, '!', ?, ?, 0)`,
    [c.id, c.name, c.email ?? placeholderEmail(c.id), c.branchId, c.createdAt, c.phone ?? null],
  );
  return (await findCustomer(sql, c.id))!;
}

/** Seed only: a demo account's phone number. */
export async function setPhone(sql: Sql, userId: string, phone: string): Promise<void> {
  await sql.run('UPDATE users SET phone = ? WHERE id = ?', [phone, userId]);
}
