import { useSyncExternalStore } from 'react';
import type { User } from '../../../contract/entities';
import type { LoginBody, RegisterBody } from '../../../contract/requests';
import { errorMessage, request } from '../lib/http';

// Who is signed in, from `GET /api/auth/me`. A tiny store rather than the query cache: the
// sign-in page must stay small, and the query cache belongs to one signed-in session (it is
// created by the signed-in shell and dropped at sign-out).

export type Session =
  | { status: 'loading' }
  | { status: 'ready'; user: User | null }
  | { status: 'error'; message: string };

let session: Session = { status: 'loading' };
const listeners = new Set<() => void>();

function set(next: Session): void {
  session = next;
  for (const l of listeners) l();
}

export function setUser(user: User | null): void {
  set({ status: 'ready', user });
}

let inflight: Promise<void> | null = null;
/**
 * Asks the API who we are. `/api/auth/session` answers 200 with `user: null` when signed
 * out, so a first visit logs no failed request in the console (`/api/auth/me` is 401 then).
 */
export function loadSession(): Promise<void> {
  inflight ??= (async () => {
    try {
      const res = await fetch('/api/auth/session', {
        credentials: 'include',
        headers: { accept: 'application/json' },
      });
      if (res.ok) setUser(((await res.json()) as { user: User | null }).user);
      else set({ status: 'error', message: 'Glowdesk is not answering right now.' });
    } catch (error) {
      set({ status: 'error', message: errorMessage(error) });
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

export function useSession(): Session {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => session,
  );
}

/** The signed-in user; only for components under the signed-in shell. */
export function useUser(): User {
  const s = useSession();
  if (s.status !== 'ready' || !s.user) throw new Error('useUser() outside the signed-in shell');
  return s.user;
}

export async function signIn(body: LoginBody): Promise<User> {
  const { user } = await request<{ user: User }>('POST', '/api/auth/login', body);
  setUser(user);
  return user;
}

export async function register(body: RegisterBody): Promise<User> {
  const { user } = await request<{ user: User }>('POST', '/api/auth/register', body);
  setUser(user);
  return user;
}

// Things to tear down when the session ends (the realtime client registers its close here,
// so this module never imports `ably`).
const signOutHooks = new Set<() => void>();
export function onSignOut(hook: () => void): () => void {
  signOutHooks.add(hook);
  return () => signOutHooks.delete(hook);
}

/** Ends the session locally (and the realtime client with it); e.g. after a 401. */
export function endSession(): void {
  for (const hook of signOutHooks) hook();
  setUser(null);
}

export async function signOut(): Promise<void> {
  try {
    await request('POST', '/api/auth/logout', {});
  } catch {
    // Signing out locally still matters when the network is down.
  }
  endSession();
}
