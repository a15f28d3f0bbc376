import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

// The API as its own process (`api/src/server.ts` through tsx), for the tests about processes:
// a crash and restart (faults.test.ts), several API processes on one database
// (multiProcess.test.ts).

const ROOT = join(import.meta.dirname, '../..');

export interface ApiProcess {
  url: string;
  child: ChildProcess;
}

/**
 * Starts the server with `env` on top of this process's environment (PORT, DATA_DIR, … are
 * the caller's) and resolves once `/api/health` answers; fails if it exits first.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  const start = Date.now();
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    if (child.exitCode !== null)
      throw new Error(`the API on ${env.PORT} exited (${child.exitCode})`);
    if (Date.now() - start > 60_000) throw new Error(`the API on ${env.PORT} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
