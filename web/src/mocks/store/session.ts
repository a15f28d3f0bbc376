import type { User } from '../../../../contract';
import { loadDb, type StoredUser } from './db';
import { tabStorage } from './storage';

// Who is signed in, per tab (sessionStorage): one browser can be Ava in one tab and Rita in
// another. The mock stands in for the API's session cookie, which would be shared by tabs.

export const SESSION_KEY = 'glowdesk.mock.session';

export function currentUserId(): string | null {
  return tabStorage().getItem(SESSION_KEY);
}

const sessionListeners = new Set<() => void>();

/** Called when this tab signs in or out (the dev toolbar shows who it is playing). */
export function onSessionChange(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

export function signIn(userId: string): void {
  tabStorage().setItem(SESSION_KEY, userId);
  for (const listener of sessionListeners) listener();
}

export function signOut(): void {
  tabStorage().removeItem(SESSION_KEY);
  for (const listener of sessionListeners) listener();
}

/** The signed-in user, or null (also when their record vanished, e.g. after a reset). */
export function currentUser(): User | null {
  const id = currentUserId();
  if (!id) return null;
  const found = loadDb().users.find((u) => u.id === id);
  return found ? publicUser(found) : null;
}

export function publicUser(user: StoredUser): User {
  const { password: _password, phone: _phone, hasAccount: _hasAccount, ...rest } = user;
  return rest;
}
