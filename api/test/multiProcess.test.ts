import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/lib/ports';
import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { addDays, channels, DEMO_PASSWORD, localDate, type TokenResponse } from '../../contract';
import { startApiProcess } from './apiProcess';
import { localRealtime, waitFor } from './helpers';
import { type PostgresServer, startPostgres } from './postgresServer';

// Past one machine (ADR 0101): two API processes on different ports share one PostgreSQL and
// one standalone broker. Races sent half to each process have exactly one winner, a session
// started on one process works on the other, and a change made through one process reaches a
// subscriber whose token came from the other. Both processes start (and seed) at once.

const KEY = generateKey('multi');
const SECRET = 'multi-process-multi-process-multi-0123';
const stoppers: Array<() => unknown> = [];

async function startApi(databaseUrl: string, brokerPort: number): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'glowdesk-multi-'));
  const { url, child } = await startApiProcess({
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REALTIME: 'local',
    BROKER_URL: `http://127.0.0.1:${brokerPort}`,
    BROKER_KEY: KEY,
    SESSION_SECRET: SECRET,
  });
  stoppers.push(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    rmSync(dataDir, { recursive: true, force: true });
  });
  return url;
}

let postgres: PostgresServer;
let broker: RunningBroker;
let urls: [string, string];

afterAll(async () => {
  for (const stop of stoppers.reverse()) await stop();
});

beforeAll(async () => {
  postgres = await startPostgres();
  stoppers.push(() => postgres.stop());
  broker = await startBroker({ port: 0, host: '127.0.0.1', keys: [{ key: KEY }] });
  stoppers.push(() => broker.close({ notifyClients: false }));
  // Both at once: one migrates and seeds, the other waits for the lock and finds it done.
  urls = await Promise.all([
    startApi(postgres.url, broker.port),
    startApi(postgres.url, broker.port),
  ]);
}, 120_000);

/** A signed-in person, talking to one process with their session cookie. */
interface Caller {
  cookie: string;
  get(path: string): request.Test;
  post(path: string): request.Test;
  patch(path: string): request.Test;
}

const callerOn = (url: string, cookie: string): Caller => ({
  cookie,
  get: (path) => request(url).get(path).set('Cookie', cookie),
  post: (path) => request(url).post(path).set('Cookie', cookie),
  patch: (path) => request(url).patch(path).set('Cookie', cookie),
});

async function signIn(url: string, email: string): Promise<Caller> {
  const res = await request(url).post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in ${email} on ${url}: ${res.status}`);
  return callerOn(url, String(res.headers['set-cookie']).split(';')[0]!);
}

/** One session, used on process A and on process B. */
async function onBoth(email: string): Promise<[Caller, Caller]> {
  const a = await signIn(urls[0], email);
  return [a, callerOn(urls[1], a.cookie)];
}

const codes = (responses: Array<{ status: number }>) =>
  responses.reduce<Record<number, number>>((acc, r) => {
    acc[r.status] = (acc[r.status] ?? 0) + 1;
    return acc;
  }, {});

describe('two API processes on one PostgreSQL', () => {
  it('seeded once although both started at once; a session works on either process', async () => {
    const [ritaA, ritaB] = await onBoth('rita@glowdesk.test');
    const meA = await ritaA.get('/api/auth/me');
    const meB = await ritaB.get('/api/auth/me');
    expect(meA.body.user.id).toBe('u_rita');
    expect(meB.body.user.id).toBe('u_rita');
    const services = await ritaB.get('/api/services');
    expect(services.body.services ?? services.body).toHaveLength(4);
  });

  it('20 approves of one booking, half to each process: one 200, nineteen 409', async () => {
    const ava = await signIn(urls[0], 'ava@glowdesk.test');
    const created = await ava
      .post('/api/bookings')
      .send({ serviceIds: ['sv_cut'], date: addDays(localDate(), 5), time: '10:00' });
    expect(created.status).toBe(201);
    const id = created.body.booking.id as string;
    const [a, b] = await onBoth('rita@glowdesk.test');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? b : a).patch(`/api/bookings/${id}`).send({ action: 'approve' }),
      ),
    );
    expect(codes(results)).toEqual({ 200: 1, 409: 19 });
    const after = await a.get(`/api/bookings/${id}`);
    expect(after.body.booking).toMatchObject({ status: 'confirmed', version: 2 });
  });

  it('20 claims of one waiting ticket, half to each process: one agent gets it', async () => {
    const ben = await signIn(urls[1], 'ben@glowdesk.test');
    const opened = await ben
      .post('/api/tickets')
      .send({ subject: 'Parking?', message: 'Is there parking nearby?' });
    expect(opened.status).toBe(201);
    const id = opened.body.ticket.id as string;
    const desk = [...(await onBoth('rita@glowdesk.test')), ...(await onBoth('max@glowdesk.test'))];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => desk[i % 4]!.post(`/api/tickets/${id}/claim`)),
    );
    expect(codes(results)).toEqual({ 200: 1, 409: 19 });
    const winner = results.find((r) => r.status === 200)!.body.ticket.agentId;
    expect(['u_rita', 'u_max']).toContain(winner);
  });

  it('20 desk bookings of one slot for 20 customers, half to each process: one 201', async () => {
    const [a, b] = await onBoth('rita@glowdesk.test');
    const customers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await (i % 2 ? b : a)
          .post('/api/customers')
          .send({ name: `Racer ${i}`, phone: `+353 87 555 ${String(1000 + i)}` });
        expect(res.status).toBe(201);
        return res.body.customer.id as string;
      }),
    );
    const slot = { serviceIds: ['sv_cut'], date: addDays(localDate(), 6), time: '11:00' };
    const results = await Promise.all(
      customers.map((customerId, i) =>
        (i % 2 ? b : a).post('/api/bookings').send({ ...slot, staffId: 'st_mia', customerId }),
      ),
    );
    expect(codes(results)).toEqual({ 201: 1, 409: 19 });
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(
      new Set(['SLOT_TAKEN']),
    );
  });

  it('a change made through one process reaches a subscriber whose token came from the other', async () => {
    const avaB = await signIn(urls[1], 'ava@glowdesk.test');
    const client = localRealtime(broker.port, {
      authCallback: (_params, callback) => {
        avaB
          .post('/api/ably/token')
          .then((res) => callback(null, (res.body as TokenResponse).token))
          .catch((err: Error) => callback(err.message, null));
      },
    });
    stoppers.push(() => client.close());
    const events: string[] = [];
    await client.channels
      .get(channels.customerBookings('u_ava'))
      .subscribe((m) =>
        events.push(`${m.name} ${(m.data as { bookingId?: string }).bookingId ?? ''}`),
      );

    const created = await avaB
      .post('/api/bookings')
      .send({ serviceIds: ['sv_cut'], date: addDays(localDate(), 7), time: '14:00' });
    expect(created.status).toBe(201);
    const id = created.body.booking.id as string;
    const ritaA = await signIn(urls[0], 'rita@glowdesk.test');
    expect((await ritaA.patch(`/api/bookings/${id}`).send({ action: 'approve' })).status).toBe(200);
    await waitFor(() => events.includes(`booking.status_changed ${id}`), 10_000, 'the approval');
  });

  // Last: it spends this machine's sign-in budget.
  it('the sign-in limit is one budget across processes (counters in the database)', async () => {
    const attempts: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await request(urls[i % 2]!)
        .post('/api/auth/login')
        .send({ email: 'ava@glowdesk.test', password: 'not-the-password' });
      attempts.push(res.status);
    }
    // 20 failed sign-ins per minute per address (10 on each process), then 429 on either.
    expect(attempts.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(attempts[20]).toBe(429);
  });
});
