import { loadDb, resetDemoData } from './store/db';
import { signIn, signOut } from './store/session';

// Helpers for tests that use the mock handlers (component tests, the mocks' own tests).

/** Fresh demo data and nobody signed in. */
export function resetMockState(): void {
  resetDemoData();
  signOut();
}

/** Signs this "tab" in as a demo user by email (e.g. `ava@glowdesk.test`) and returns the user id. */
export function signInAs(email: string): string {
  const user = loadDb().users.find((u) => u.email === email);
  if (!user) throw new Error(`No mock user ${email}`);
  signIn(user.id);
  return user.id;
}
