import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Ably from 'ably';
import pino from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../contract';
import { loadConfig } from '../src/config';
import { startGlowdesk } from '../src/runtime';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'glowdesk-'));
  dirs.push(dir);
  return dir;
}

describe('startGlowdesk (what npm run serve runs)', () => {
  it('starts API + broker, keeps the broker key and session secret across restarts', async () => {
    const dataDir = tempDir();
    const staticDir = join(dataDir, 'web');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Glowdesk</title>');
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', REALTIME_PORT: '0' });
    const logger = pino({ level: 'silent' });
    const first = await startGlowdesk(config, {
      logger,
      host: '127.0.0.1',
      brokerHost: '127.0.0.1',
      app: { staticDir },
    });
    const key = JSON.parse(readFileSync(join(dataDir, 'broker-key.json'), 'utf8')).key;
    const agent = request.agent(first.url);
    const login = await agent
      .post('/api/auth/login')
      .send({ email: 'ava@glowdesk.test', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect((await agent.get('/api/config')).body).toEqual({
      realtime: { mode: 'local', port: first.realtimePort },
    });
    // Deep links get the SPA; unknown API routes do not.
    const deep = await agent.get('/desk/schedule?date=2026-01-01');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<title>Glowdesk</title>');
    expect((await agent.get('/api/unknown')).status).toBe(404);

    // A realtime client on the embedded broker, with a token from the API.
    const client = new Ably.Realtime({
      endpoint: '127.0.0.1',
      port: first.realtimePort!,
      tls: false,
      fallbackHosts: [],
      useBinaryProtocol: false,
      logLevel: 0,
      authCallback: (_p, cb) => {
        agent.post('/api/ably/token').then(
          (r) => cb(null, r.body.token),
          (e) => cb(String(e), null),
        );
      },
    });
    await client.connection.whenState('connected');
    const states: string[] = [];
    client.connection.on((change) => states.push(change.current));

    await first.close();
    expect(states[0]).toBe('disconnected'); // the broker told it to reconnect
    client.close();

    const second = await startGlowdesk(config, {
      logger,
      host: '127.0.0.1',
      brokerHost: '127.0.0.1',
      app: { staticDir },
    });
    try {
      expect(JSON.parse(readFileSync(join(dataDir, 'broker-key.json'), 'utf8')).key).toBe(key);
      // Same session secret: the cookie from before the restart still works.
      const me = await request(second.url)
        .get('/api/auth/me')
        .set('Cookie', String(login.headers['set-cookie']).split(';')[0]!);
      expect(me.body.user?.id).toBe('u_ava');
      // Seeded once: a restart does not duplicate the demo data.
      const count = (await second.database.sql.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM users',
      ))!;
      expect(count.n).toBe(8);
    } finally {
      await second.close();
    }
  });

  it('REALTIME=off starts without a broker; SEED_DEMO=false leaves an empty salon', async () => {
    const dataDir = tempDir();
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      REALTIME: 'off',
      SEED_DEMO: 'false',
    });
    const g = await startGlowdesk(config, { logger: pino({ level: 'silent' }), host: '127.0.0.1' });
    try {
      expect(g.broker).toBeUndefined();
      const a = request.agent(g.url);
      expect((await a.get('/api/health')).body).toEqual({
        ok: true,
        realtime: 'off',
        outbox: { pending: 0, oldestAgeMs: 0 },
      });
      const reg = await a
        .post('/api/auth/register')
        .send({ name: 'New', email: 'new@example.test', password: 'password1' });
      expect(reg.status).toBe(201);
      expect((await a.post('/api/ably/token')).status).toBe(503);
    } finally {
      await g.close();
    }
  });
});
