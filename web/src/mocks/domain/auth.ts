import {
  ApiError,
  buildCapability,
  type Capability,
  isTerminal,
  type LoginBody,
  type RegisterBody,
  type User,
} from '../../../../contract';
import type { MockDb, StoredUser } from '../store/db';
import { publicUser } from '../store/session';
import { newId } from './common';

export function login(db: MockDb, body: LoginBody): User {
  const user = db.users.find((u) => u.email.toLowerCase() === body.email.toLowerCase());
  if (!user || user.password !== body.password) {
    throw new ApiError('UNAUTHENTICATED', 'Wrong email or password');
  }
  return publicUser(user);
}

export function register(db: MockDb, body: RegisterBody): User {
  const email = body.email.toLowerCase();
  if (db.users.some((u) => u.email.toLowerCase() === email)) {
    throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists');
  }
  const user: StoredUser = {
    id: newId('u'),
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

/** Exactly what the API grants (DESIGN §4), from the same builder. */
export function capabilityFor(db: MockDb, user: User): Capability {
  const open = db.bookings.filter((b) => !isTerminal(b.status));
  if (user.role === 'staff') {
    const bookingIds = open.filter((b) => b.staffId === user.staffId).map((b) => b.id);
    return buildCapability({ role: user.role, userId: user.id, staffId: user.staffId, bookingIds });
  }
  const bookingIds = open
    .filter((b) => b.customerId === user.id)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((b) => b.id);
  const ticketIds = db.tickets
    .filter((t) => t.customerId === user.id && (t.status === 'waiting' || t.status === 'active'))
    .map((t) => t.id);
  return buildCapability({ role: user.role, userId: user.id, bookingIds, ticketIds });
}
