import { ApiError, type LoginBody, type RegisterBody, type User } from '../../../../contract';
import type { MockDb, StoredUser } from './db';
import { publicUser } from './session';

// Sign-in and registration on the browser store. Passwords are kept as typed (mock mode
// only: no secret is real here), so these stay out of domain/, which never sees passwords.

export function login(db: MockDb, body: LoginBody): User {
  const user = db.users.find((u) => u.email.toLowerCase() === body.email.toLowerCase());
  if (!user || user.hasAccount === false || user.password !== body.password) {
    throw new ApiError('UNAUTHENTICATED', 'Wrong email or password');
  }
  return publicUser(user);
}

export function register(db: MockDb, body: RegisterBody, id: string): User {
  const email = body.email.toLowerCase();
  if (db.users.some((u) => u.email.toLowerCase() === email)) {
    throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists');
  }
  const user: StoredUser = {
    id,
    name: body.name,
    email,
    role: 'customer',
    staffId: null,
    branchId: db.branch.id,
    password: body.password,
  };
  db.users.push(user);
  return publicUser(user);
}
