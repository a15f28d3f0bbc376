import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DEFAULT_STATIC_DIR } from '../../api/src/app';
import { loadConfig } from '../../api/src/config';
import { startGlowdesk } from '../../api/src/runtime';
import { childMain, reply } from '../lib/child';
import { answerCpu, startCpuSampler } from '../lib/cpu';

// The whole Glowdesk server (API + embedded broker, demo salon seeded) alone in its process,
// as `npm run serve` runs it, on loopback with a throwaway DATA_DIR. Rate limits are raised
// so the load is measured, not refused; everything else is the production path.

const dataDir = mkdtempSync(join(tmpdir(), 'glowdesk-bench-'));
const app = await startGlowdesk(
  loadConfig({ DATA_DIR: dataDir, PORT: '0', REALTIME_PORT: '0', LOG_LEVEL: 'silent' }),
  {
    host: '127.0.0.1',
    brokerHost: '127.0.0.1',
    logger: pino({ level: 'silent' }),
    app: {
      // BENCH_STATIC=1 serves the built SPA (dist/web), for the bundle measurement.
      staticDir: process.env.BENCH_STATIC === '1' ? DEFAULT_STATIC_DIR : null,
      rateLimits: {
        auth: { windowMs: 60_000, limit: 1_000_000 },
        token: { windowMs: 60_000, limit: 1_000_000 },
      },
    },
  },
);

startCpuSampler();
childMain(answerCpu, async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});
reply({
  type: 'ready',
  url: `http://127.0.0.1:${app.port}`,
  realtimePort: app.realtimePort,
  dataDir,
});
