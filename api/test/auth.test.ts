import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../contract';
import { startTestApi, type TestApi } from './helpers';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** helmet's headers that only act on documents: on the SPA's answers, not on the API's. */
const DOCUMENT_HEADERS = [
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-frame-options',
  'x-dns-prefetch-control',
  'x-permitted-cross-domain-policies',
];

describe('meta', () => {
  it('health and config', async () => {
    const a = api.anon();
    expect((await a.get('/api/health')).body).toEqual({
      ok: true,
      realtime: 'local',
      outbox: { pending: 0, oldestAgeMs: 0 },
    });
    expect((await a.get('/api/config')).body).toEqual({
      realtime: { mode: 'local', port: api.broker!.port },
    });
  });

  it('unknown /api routes are JSON 404s', async () => {
    const res = await api.anon().get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('API answers carry only the API headers (ADR 0100), errors and the token route too', async () => {
    const ava = await api.as('ava');
    const answers = [
      await api.anon().get('/api/health'),
      await api.anon().get('/api/nope'),
      await api.anon().post('/api/ably/token'),
      await ava.post('/api/ably/token'),
      await ava.get('/api/bookings'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 404, 401, 200, 200]);
    for (const res of answers) {
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      for (const documentOnly of DOCUMENT_HEADERS)
        expect(res.headers[documentOnly]).toBeUndefined();
    }
    expect(answers[0]!.headers['x-request-id']).toMatch(/^req_[0-9a-f]{8}-[0-9a-z]+$/);
  });

  it('a Host that would break a policy is refused, on API answers too', async () => {
    const a = api.anon();
    const evil = await a.get('/api/health').set('Host', 'a;script-src *');
    expect(evil.status).toBe(400);
    const spaced = await a.get('/api/health').set('Host', 'glowdesk.lan data:');
    expect(spaced.status).toBe(400);
    expect(spaced.headers['content-security-policy'] ?? '').not.toContain('data:');
  });

  it('each request gets its own id; a sane incoming X-Request-Id is kept', async () => {
    const a = api.anon();
    const first = (await a.get('/api/health')).headers['x-request-id'];
    const second = (await a.get('/api/health')).headers['x-request-id'];
    expect(first).not.toBe(second);
    const kept = await a.get('/api/health').set('X-Request-Id', 'lb-42.abc');
    expect(kept.headers['x-request-id']).toBe('lb-42.abc');
    const odd = await a.get('/api/health').set('X-Request-Id', 'no spaces <allowed>');
    expect(odd.headers['x-request-id']).toMatch(/^req_/);
  });
});

describe('SPA answers (helmet)', () => {
  let spa: TestApi;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glowdesk-spa-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Glowdesk</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
    spa = await startTestApi({ deps: { staticDir: dir } });
  });
  afterAll(async () => {
    await spa?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("documents and files get helmet's whole set; the CSP lets the page reach the broker", async () => {
    const a = spa.anon();
    for (const path of ['/', '/desk/schedule?date=2026-01-01', '/assets/app.js']) {
      const res = await a.get(path);
      expect(res.status).toBe(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain(`ws://127.0.0.1:${spa.broker!.port}`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      for (const documentOnly of DOCUMENT_HEADERS) expect(res.headers[documentOnly]).toBeDefined();
    }
  });

  it('the CSP follows the Host the page was loaded from', async () => {
    const a = spa.anon();
    const lan = await a.get('/').set('Host', `glowdesk.lan:${new URL(spa.url).port}`);
    expect(lan.headers['content-security-policy']).toContain(
      `ws://glowdesk.lan:${spa.broker!.port}`,
    );
    const local = await a.get('/');
    expect(local.headers['content-security-policy']).toContain('ws://127.0.0.1:');
    const evil = await a.get('/').set('Host', 'a;script-src *');
    expect(evil.status).toBe(400);
  });
});

describe('sessions', () => {
  it('session answers who is signed in, or null, never 401', async () => {
    const anon = await api.anon().get('/api/auth/session');
    expect(anon.status).toBe(200);
    expect(anon.body).toEqual({ user: null });
    const ava = await api.as('ava');
    expect((await ava.get('/api/auth/session')).body.user.id).toBe('u_ava');
  });

  it('login sets an httpOnly SameSite=Lax cookie; me and logout', async () => {
    const a = api.anon();
    const login = await a
      .post('/api/auth/login')
      .send({ email: 'Rita@glowdesk.test', password: 'glowdesk-demo' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ id: 'u_rita', role: 'receptionist' });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect((await a.get('/api/auth/me')).body.user.id).toBe('u_rita');
    expect((await a.post('/api/auth/logout')).body.user.id).toBe('u_rita');
    expect((await a.get('/api/auth/me')).status).toBe(401);
  });

  it('wrong password → 401, bad body → 400 with details, signed out → 401', async () => {
    const a = api.anon();
    const wrong = await a
      .post('/api/auth/login')
      .send({ email: 'ava@glowdesk.test', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED');
    const bad = await a.post('/api/auth/login').send({ email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.details[0].path).toBe('email');
    expect((await a.get('/api/auth/me')).status).toBe(401);
    expect((await a.get('/api/bookings')).status).toBe(401);
  });

  it('a forged session cookie counts as signed out', async () => {
    const res = await api
      .anon()
      .get('/api/auth/me')
      .set('Cookie', 'glowdesk_session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1X3JpdGEifQ.');
    expect(res.status).toBe(401);
  });

  it('register creates a signed-in customer; the email is then taken', async () => {
    const a = api.anon();
    const body = { name: 'Cleo', email: 'cleo@example.test', password: 'long-enough' };
    const res = await a.post('/api/auth/register').send(body);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ name: 'Cleo', role: 'customer', staffId: null });
    expect((await a.get('/api/auth/me')).body.user.email).toBe('cleo@example.test');
    const again = await api
      .anon()
      .post('/api/auth/register')
      .send({ ...body, email: 'CLEO@example.test' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
    const short = await api
      .anon()
      .post('/api/auth/register')
      .send({ ...body, email: 'x@example.test', password: 'short' });
    expect(short.status).toBe(400);
  });
});

describe('hardening', () => {
  it('malformed JSON → 400, oversized body → 413', async () => {
    const a = await api.as('ava');
    const bad = await a
      .post('/api/tickets')
      .set('Content-Type', 'application/json')
      .send('{"subject":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    const big = await a.post('/api/tickets').send({ subject: 'x', message: 'y'.repeat(200_000) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('state-changing requests from another origin are refused', async () => {
    const a = await api.as('ava');
    const res = await a
      .post('/api/tickets')
      .set('Origin', 'http://evil.example')
      .send({ subject: 'x', message: 'y' });
    expect(res.status).toBe(403);
    const host = new URL(api.url).host;
    const same = await a
      .post('/api/tickets')
      .set('Origin', `http://${host}`)
      .send({ subject: 'Same origin', message: 'fine' });
    expect(same.status).toBe(201);
  });

  it('rate limits /api/auth with 429 in the error shape', async () => {
    const limited = await startTestApi({
      realtime: 'off',
      deps: { rateLimits: { auth: { windowMs: 60_000, limit: 2 } } },
    });
    try {
      const a = limited.anon();
      const send = () => a.post('/api/auth/login').send({ email: 'a@b.test', password: 'x' });
      await send();
      await send();
      const third = await send();
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('RATE_LIMITED');
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      expect(third.headers.ratelimit).toMatch(/r=0;t=\d+/);
    } finally {
      await limited.close();
    }
  });

  it('every change is rate limited per user; reads are not', async () => {
    const limited = await startTestApi({
      realtime: 'off',
      deps: { rateLimits: { mutation: { windowMs: 60_000, limit: 2 } } },
    });
    try {
      const ben = await limited.as('ben');
      const note = (content: string) =>
        ben.post('/api/tickets/tk_seed_1/messages').send({ content });
      expect((await note('one')).status).toBe(201);
      expect((await note('two')).status).toBe(201);
      const third = await note('three');
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('RATE_LIMITED');
      expect((await ben.get('/api/tickets')).status).toBe(200);
      const ava = await limited.as('ava');
      expect((await ava.post('/api/tickets').send({ subject: 'Hi', message: 'x' })).status).toBe(
        201,
      );
    } finally {
      await limited.close();
    }
  });

  it('successful sign-ins and /me are not counted; tokens are limited per user', async () => {
    const limited = await startTestApi({
      deps: {
        rateLimits: {
          auth: { windowMs: 60_000, limit: 2 },
          token: { windowMs: 60_000, limit: 2 },
        },
      },
    });
    try {
      // Three good sign-ins in a row over a limit of two: none refused.
      for (let i = 0; i < 3; i++) {
        const a = limited.anon();
        const ok = await a
          .post('/api/auth/login')
          .send({ email: 'ava@glowdesk.test', password: DEMO_PASSWORD });
        expect(ok.status).toBe(200);
        for (let j = 0; j < 3; j++) expect((await a.get('/api/auth/me')).status).toBe(200);
      }
      const ava = await limited.as('ava');
      const ben = await limited.as('ben');
      expect((await ava.post('/api/ably/token')).status).toBe(200);
      expect((await ava.post('/api/ably/token')).status).toBe(200);
      const third = await ava.post('/api/ably/token');
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('RATE_LIMITED');
      // Same IP, another user: their own budget.
      expect((await ben.post('/api/ably/token')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
