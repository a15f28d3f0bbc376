import type { Customer } from '../../../contract';
import {
  isPlaceholderEmail,
  type NewCustomer,
  phoneDigits,
  placeholderEmail,
} from '../../../domain';
import type { Db } from './database';

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

export function findCustomer(db: Db, id: string): Customer | null {
  const row = db
    .prepare(`SELECT ${COLUMNS} FROM users WHERE id = ? AND role = 'customer'`)
    .get(id) as CustomerRow | undefined;
  return row ? toCustomer(row) : null;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function searchCustomers(db: Db, branchId: string, q: string, limit: number): Customer[] {
  const text = q.trim();
  const digits = phoneDigits(text);
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM users
       WHERE role = 'customer' AND branch_id = @branchId AND (
         @text = ''
         OR name LIKE @like ESCAPE '\\'
         OR (email LIKE @like ESCAPE '\\' AND email NOT LIKE '%@no-account.invalid')
         OR (length(@digits) >= 3 AND ${PHONE_DIGITS} LIKE @digitsLike))
       ORDER BY name COLLATE NOCASE, id LIMIT @limit`,
    )
    .all({
      branchId,
      text,
      like: like(text),
      digits,
      digitsLike: `%${digits}%`,
      limit,
    }) as CustomerRow[];
  return rows.map(toCustomer);
}

export function findCustomerByContact(
  db: Db,
  branchId: string,
  contact: { phone?: string; email?: string },
): Customer | null {
  const digits = contact.phone ? phoneDigits(contact.phone) : '';
  const row = db
    .prepare(
      `SELECT ${COLUMNS} FROM users WHERE role = 'customer' AND branch_id = @branchId AND (
         (@email <> '' AND email = @email COLLATE NOCASE)
         OR (@digits <> '' AND ${PHONE_DIGITS} = @digits)) LIMIT 1`,
    )
    .get({ branchId, email: contact.email ?? '', digits }) as CustomerRow | undefined;
  return row ? toCustomer(row) : null;
}

export function insertCustomer(db: Db, c: NewCustomer): Customer {
  db.prepare(
    `INSERT INTO users (id, name, email, role, staff_id, branch_id, password_hash, created_at,
       phone, has_account)
     VALUES (?, ?, ?, 'customer', NULL, ?, '!', ?, ?, 0)`,
  ).run(c.id, c.name, c.email ?? placeholderEmail(c.id), c.branchId, c.createdAt, c.phone ?? null);
  return findCustomer(db, c.id)!;
}

/** Seed only: a demo account's phone number. */
export function setPhone(db: Db, userId: string, phone: string): void {
  db.prepare('UPDATE users SET phone = ? WHERE id = ?').run(phone, userId);
}
