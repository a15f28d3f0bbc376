import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from './lib/ports';
import { median, round, sleep } from './lib/stats';

// Start-up: a built checkout (`npm run build` ran: dist/web and the bundled server
// dist/server/server.mjs), `npm run serve` launched with a fresh DATA_DIR (so the demo salon is
// seeded too) → the first 200 from `/api/health`. The median of a few starts; each server is
// stopped (SIGTERM, then SIGKILL) before the next, and every start is bounded.

async function oneStart(command: string, args: string[]): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'glowdesk-bench-start-'));
  const port = await freePort();
  const realtimePort = await freePort();
  const t0 = performance.now();
  const child = spawn(command, args, {
    env: {
      ...process.env,
      PORT: String(port),
      REALTIME_PORT: String(realtimePort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true, // its own process group: npm's child server stops with it
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    const deadline = t0 + 30_000;
    while (performance.now() < deadline) {
      if (exited) throw new Error(`\`${command} ${args.join(' ')}\` exited during start-up`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.status === 200) return (performance.now() - t0) / 1000;
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
    throw new Error('the server did not answer /api/health within 30 s');
  } finally {
    if (!exited && child.pid) {
      const gone = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      const t = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await gone;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchStart(o: { runs: number; build: boolean }, log: (s: string) => void) {
  if (o.build) {
    const build = spawn('npm', ['run', 'build', '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const code = await new Promise((r) => build.once('exit', r));
    if (code !== 0) throw new Error('`npm run build` failed');
  }
  const viaNpm: number[] = [];
  const viaNode: number[] = [];
  const viaTsx: number[] = [];
  // One unmeasured start: the page cache holds node, npm and the bundle afterwards, as on a
  // server that has run before.
  await oneStart('node', ['dist/server/server.mjs']);
  for (let i = 0; i < o.runs; i++) {
    viaNpm.push(await oneStart('npm', ['run', '--silent', 'serve']));
    viaNode.push(await oneStart('node', ['dist/server/server.mjs']));
    viaTsx.push(await oneStart('node_modules/.bin/tsx', ['api/src/server.ts']));
  }
  const s = median(viaNpm);
  log(
    `  start: npm run serve ${viaNpm.map((x) => round(x, 2)).join(', ')} s; ` +
      `node dist/server ${viaNode.map((x) => round(x, 2)).join(', ')} s; ` +
      `tsx api/src ${viaTsx.map((x) => round(x, 2)).join(', ')} s`,
  );
  return {
    start_s: round(s, 3),
    start_node_s: round(median(viaNode), 3),
    start_tsx_s: round(median(viaTsx), 3),
  };
}
