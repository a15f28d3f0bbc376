import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type FullConfig, request } from '@playwright/test';
import { DEMO_PASSWORD, demoUsers } from '../../contract';

// Signs every demo user in on the shared live server once per run, before any worker starts,
// and leaves each session (its cookie, as Playwright storage state) in E2E_AUTH_DIR. The
// fixtures start every actor from it instead of signing in through the form in each worker;
// the form itself is what e2e/live/auth.spec.ts tests, for every role.

export interface StoredSession {
  baseURL: string;
  name: string;
  state: Awaited<ReturnType<Awaited<ReturnType<typeof request.newContext>>['storageState']>>;
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  const dir = process.env.E2E_AUTH_DIR;
  const live = config.projects.find((p) => p.name === 'chromium')?.use.baseURL;
  if (!dir || !live) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await Promise.all(
    demoUsers.map(async (user) => {
      const name = user.email.split('@')[0]!;
      const context = await request.newContext({ baseURL: live });
      try {
        const res = await context.post('/api/auth/login', {
          data: { email: user.email, password: DEMO_PASSWORD },
        });
        if (!res.ok()) {
          throw new Error(`e2e setup: sign-in as ${user.email} failed: ${res.status()}`);
        }
        const session: StoredSession = { baseURL: live, name, state: await context.storageState() };
        writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(session));
      } finally {
        await context.dispose();
      }
    }),
  );
}
