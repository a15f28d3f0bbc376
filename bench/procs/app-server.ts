import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DEFAULT_STATIC_DIR } from '../../api/src/app';
import { sessions as createSessions, SESSION_COOKIE } from '../../api/src/auth/session';
import { loadConfig } from '../../api/src/config';
import { sqlStore } from '../../api/src/db/store';
import { readCookie } from '../../api/src/http/oneCookie';
import { newId } from '../../api/src/ids';
import { loadOrCreateLocalKey } from '../../api/src/realtime/keys';
import { mintAblyToken } from '../../api/src/realtime/token';
import { startGlowdesk } from '../../api/src/runtime';
import { capabilityFor } from '../../domain';
import { childMain, reply } from '../lib/child';
import { answerCpu, startCpuSampler } from '../lib/cpu';

// The whole Glowdesk server (API + embedded broker, demo salon seeded) alone in its process,
// as `npm run serve` runs it, on loopback with a throwaway DATA_DIR. Rate limits are raised
// so the load is measured, not refused; everything else is the production path.
// BENCH_BROKER_URL / BENCH_BROKER_KEY: publish to (and mint tokens for) a standalone broker,
// as BROKER_URL / BROKER_KEY do, instead of the embedded one (the storm bench).
// BENCH_DATABASE_URL: PostgreSQL (as DATABASE_URL) instead of SQLite in DATA_DIR.

const dataDir = mkdtempSync(join(tmpdir(), 'glowdesk-bench-'));
const config = loadConfig({
  DATA_DIR: dataDir,
  PORT: '0',
  REALTIME_PORT: '0',
  LOG_LEVEL: 'silent',
  ...(process.env.BENCH_TOKEN_TTL_S ? { TOKEN_TTL_S: process.env.BENCH_TOKEN_TTL_S } : {}),
  ...(process.env.BENCH_BROKER_URL
    ? { BROKER_URL: process.env.BENCH_BROKER_URL, BROKER_KEY: process.env.BENCH_BROKER_KEY }
    : {}),
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const app = await startGlowdesk(config, {
  host: '127.0.0.1',
  brokerHost: '127.0.0.1',
  logger: pino({ level: 'silent' }),
  app: {
    // BENCH_STATIC=1 serves the built SPA (dist/web), for the bundle measurement.
    staticDir: process.env.BENCH_STATIC === '1' ? DEFAULT_STATIC_DIR : null,
    rateLimits: {
      auth: { windowMs: 60_000, limit: 1_000_000 },
      token: { windowMs: 60_000, limit: 1_000_000 },
      mutation: { windowMs: 60_000, limit: 1_000_000 },
    },
  },
});

if (process.env.BENCH_IRREDUCIBLE === '1') mountIrreducibleTokenRoute();

/**
 * `POST /bench/token`, in the same Express app and process as the production route, ahead of
 * every middleware: only what a token answer cannot do without — read the session cookie,
 * look the live session and its user up, read the capability's ids, sign the Ably JWT, answer
 * JSON. The token bench's baseline (`token_overhead_ratio`).
 */
function mountIrreducibleTokenRoute() {
  const sessions = createSessions(app.database.sql, config.sessionSecret, () => new Date());
  const domain = {
    store: sqlStore(app.database, { keepPublishes: false }),
    now: () => new Date(),
    newId,
  };
  const key = loadOrCreateLocalKey(dataDir);
  app.app.post('/bench/token', (req, res, next) => {
    const value = readCookie(req.headers.cookie ?? '', SESSION_COOKIE);
    req.cookies = value === undefined ? {} : { [SESSION_COOKIE]: value };
    sessions.load(req, res, () => {
      const user = req.user;
      if (!user) {
        res.status(401).end();
        return;
      }
      capabilityFor(domain, user)
        .then((capability) => mintAblyToken(key, user, capability, config.tokenTtlS))
        .then((body) => res.json(body), next);
    });
  });
  // Express 5 keeps the app's layers in `app.router.stack`: move the route to the front.
  const stack = (app.app as unknown as { router: { stack: unknown[] } }).router.stack;
  stack.unshift(stack.pop());
}

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
