import { ApiError, isDesk, type User } from '../../../../contract';

// Shared guards and helpers for the mock's domain code. Same codes and statuses as the API.

export const nowIso = (): string => new Date().toISOString();

export function newId(prefix: string): string {
  const random = globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);
  return `${prefix}_${Date.now().toString(36)}${random}`;
}

export function requireUser(user: User | null): User {
  if (!user) throw new ApiError('UNAUTHENTICATED', 'Sign in first');
  return user;
}

export function requireDesk(user: User): void {
  if (!isDesk(user.role)) throw new ApiError('FORBIDDEN', 'Only the front desk can do this');
}

export function forbidden(message = 'You are not allowed to do this'): never {
  throw new ApiError('FORBIDDEN', message);
}

export function notFound(what: string): never {
  throw new ApiError('NOT_FOUND', `${what} not found`);
}
