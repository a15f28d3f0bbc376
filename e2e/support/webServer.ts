import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverCommand } from './appServer';

// The shared server for the live projects (playwright.config.ts → webServer):
// builds the SPA and the server bundle once (`npm run build`), then runs the bundle
// (`npm run serve`, e2e/support/appServer.ts → serverCommand) with a fresh,
// empty DATA_DIR (so the demo salon is seeded anew) on E2E_PORT / E2E_REALTIME_PORT.
// E2E_SKIP_BUILD=1 reuses an existing dist/web (handy while iterating on specs).

const root = path.resolve(import.meta.dirname, '..', '..');
const port = process.env.PORT ?? '18080';
const dataDir = path.join(tmpdir(), `glowdesk-e2e-${port}`);

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

if (process.env.E2E_SKIP_BUILD !== '1') {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('e2e: `npm run build` failed; not starting the server');
    process.exit(build.status ?? 1);
  }
}

const [command, args] = serverCommand();
const server = spawn(command, args, {
  cwd: root,
  env: { LOG_LEVEL: 'warn', ...process.env, DATA_DIR: dataDir },
  stdio: 'inherit',
});

const shutdown = () => {
  server.kill('SIGTERM');
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
server.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 0 : 1));
});
