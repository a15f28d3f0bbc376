import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Ably from 'ably';
import request from 'supertest';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../bench/lib/ports';
import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { type FaultProxy, startProxy } from '../../broker/test/proxy';
import { addDays, channels, DEMO_PASSWORD, localDate } from '../../contract';
import { startApiProcess } from './apiProcess';
import { waitFor } from './helpers';

// Delivery under faults, with figures (ADR 0081). The API runs as its own process on a file
// database with a standalone broker (BROKER_URL) behind a fault proxy; real SDK subscribers
// listen through the same proxy. While changes keep coming, the broker is stopped for 10 s and
// started again, and meanwhile the API is killed (SIGKILL) with publishes pending and started
// again. Every acknowledged change must reach every subscriber once, in order.

const KEY = generateKey('faults');
const dataDir = mkdtempSync(join(tmpdir(), 'glowdesk-faults-'));
const stoppers: Array<() => unknown> = [];
afterAll(async () => {
  for (const stop of stoppers.reverse()) await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const startApi = async (port: number, proxy: FaultProxy): Promise<ChildProcess> =>
  (
    await startApiProcess({
      PORT: String(port),
      DATA_DIR: dataDir,
      REALTIME: 'local',
      BROKER_URL: `http://127.0.0.1:${proxy.port}`,
      BROKER_KEY: KEY,
      SESSION_SECRET: 'faults-faults-faults-faults-faults-0123',
    })
  ).child;

interface Arrival {
  key: string;
  name: string;
}

/** Records a channel's events, live and — after a re-attach without resume — from history. */
function watch(client: Ably.Realtime, name: string, keyOf: (data: unknown) => string) {
  const arrivals: Arrival[] = [];
  const catchUps: Promise<void>[] = [];
  const channel = client.channels.get(name);
  const toArrival = (m: Ably.InboundMessage): Arrival => ({ key: keyOf(m.data), name: m.name! });
  let attachedBefore = false;
  channel.on('attached', (change) => {
    if (attachedBefore && !change.resumed) {
      // A fresh attach (the broker restarted): what was published before it is in history.
      const at = arrivals.length;
      catchUps.push(
        channel.history({ untilAttach: true, limit: 1000 }).then((page) => {
          arrivals.splice(at, 0, ...page.items.reverse().map(toArrival));
        }),
      );
    }
    attachedBefore = true;
  });
  const ready = channel.subscribe((m) => void arrivals.push(toArrival(m)));
  return { arrivals, catchUps, ready };
}

it('loses, duplicates and reorders nothing across a broker outage and an API crash', async () => {
  let broker: RunningBroker = await startBroker({
    port: 0,
    host: '127.0.0.1',
    keys: [{ key: KEY }],
  });
  const brokerPort = broker.port;
  stoppers.push(() => broker.close({ notifyClients: false }));
  const proxy = await startProxy(brokerPort);
  stoppers.push(() => proxy.close());

  const apiPort = await freePort();
  let api = await startApi(apiPort, proxy);
  stoppers.push(() => api.kill('SIGKILL'));
  const url = `http://127.0.0.1:${apiPort}`;
  const signIn = async (email: string) => {
    const agent = request.agent(url);
    expect(
      (await agent.post('/api/auth/login').send({ email, password: DEMO_PASSWORD })).status,
    ).toBe(200);
    return agent;
  };
  const rita = await signIn('rita@glowdesk.test');
  const ben = await signIn('ben@glowdesk.test');
  expect((await rita.post('/api/tickets/tk_seed_1/claim')).status).toBe(200);

  const subscriber = new Ably.Realtime({
    key: KEY,
    endpoint: '127.0.0.1',
    port: proxy.port,
    tls: false,
    fallbackHosts: [],
    useBinaryProtocol: false,
    disconnectedRetryTimeout: 300,
    logLevel: 0,
  });
  stoppers.push(() => subscriber.close());
  const bookingKey = (data: unknown) => {
    const d = data as { bookingId: string; version: number };
    return `${d.bookingId}@${d.version}`;
  };
  const watched = {
    desk: watch(subscriber, channels.adminBookings('br_main'), bookingKey),
    ava: watch(subscriber, channels.customerBookings('u_ava'), bookingKey),
    chat: watch(subscriber, channels.sessionChat('tk_seed_1'), (d) => (d as { id: string }).id),
  };
  await Promise.all(Object.values(watched).map((w) => w.ready));

  // What acknowledged changes must produce, per watched channel, in the order acknowledged.
  const expected = { desk: [] as string[], ava: [] as string[], chat: [] as string[] };
  let acknowledged = 0;
  let refused = 0;
  const made: string[] = [];
  let step = 0;
  const firstDay = addDays(localDate(), 30);

  async function change() {
    step += 1;
    const kind = step % 3;
    if (kind === 0 || kind === 2) {
      const booking = step % 2 === 0 && made.length > 0 ? made.shift()! : null;
      const res = booking
        ? await rita.patch(`/api/bookings/${booking}`).send({ action: 'cancel' })
        : await rita.post('/api/bookings').send({
            serviceId: 'sv_cut',
            customerId: 'u_ava',
            // One grid cell per step (18 a day): Ava never holds two overlapping bookings
            // (409 OVERLAPS_OWN_BOOKING), and every day stays within the booking horizon.
            date: addDays(firstDay, Math.floor(step / 18)),
            time: `${String(9 + Math.floor((step % 18) / 2)).padStart(2, '0')}:${step % 2 ? '30' : '00'}`,
          });
      if (res.status >= 300) {
        refused += 1;
        return;
      }
      const b = res.body.booking as { id: string; version: number };
      if (!booking) made.push(b.id);
      expected.desk.push(`${b.id}@${b.version}`);
      expected.ava.push(`${b.id}@${b.version}`);
    } else {
      const who = step % 2 === 0 ? rita : ben;
      const res = await who
        .post('/api/tickets/tk_seed_1/messages')
        .send({ content: `message ${step}` });
      if (res.status !== 201) {
        refused += 1;
        return;
      }
      expected.chat.push(res.body.message.id);
    }
    acknowledged += 1;
  }

  let running = true;
  let paused = false;
  const loop = (async () => {
    while (running) {
      if (!paused) {
        try {
          await change();
        } catch {
          refused += 1; // the API was being killed: not acknowledged
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  await sleep(3000);
  // The broker goes away for 10 s.
  const downAt = Date.now();
  await broker.close({ notifyClients: false });
  await sleep(3000);
  // The API dies with publishes pending in its outbox, and comes back.
  paused = true;
  const pending = (await (await fetch(`${url}/api/health`)).json()).outbox.pending as number;
  api.kill('SIGKILL');
  await new Promise((r) => api.once('exit', r));
  api = await startApi(apiPort, proxy);
  paused = false;
  await sleep(Math.max(0, 10_000 - (Date.now() - downAt)));
  broker = await startBroker({ port: brokerPort, host: '127.0.0.1', keys: [{ key: KEY }] });
  await sleep(3000);
  running = false;
  await loop;

  // Everything committed goes out, and reaches the subscriber.
  await waitFor(
    () =>
      Object.entries(expected).every(([k, keys]) => {
        const got = new Set(watched[k as keyof typeof watched].arrivals.map((a) => a.key));
        return keys.every((key) => got.has(key));
      }),
    30_000,
    'every acknowledged change to arrive',
  ).catch(() => undefined);
  for (const w of Object.values(watched)) await Promise.all(w.catchUps);

  const figures = Object.entries(expected).map(([name, keys]) => {
    const arrivals = watched[name as keyof typeof watched].arrivals.map((a) => a.key);
    const counts = new Map<string, number>();
    for (const key of arrivals) counts.set(key, (counts.get(key) ?? 0) + 1);
    const lost = keys.filter((k) => !counts.has(k)).length;
    const duplicated = [...counts.values()].reduce((n, c) => n + (c - 1), 0);
    // In order: the expected keys appear in the order their changes were acknowledged.
    const firstSeen = [...counts.keys()];
    const positions = keys.map((k) => firstSeen.indexOf(k)).filter((i) => i >= 0);
    const outOfOrder = positions.filter((p, i) => i > 0 && p < positions[i - 1]!).length;
    return {
      channel: name,
      expected: keys.length,
      delivered: arrivals.length,
      lost,
      duplicated,
      outOfOrder,
    };
  });
  console.log(
    `faults: ${acknowledged} changes acknowledged, ${refused} refused or cut; ` +
      `${pending} publishes pending in the outbox when the API was killed`,
  );
  console.table(figures);
  expect(pending).toBeGreaterThan(0);
  expect(acknowledged).toBeGreaterThan(30);
  for (const f of figures) {
    expect(f, f.channel).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
  }
}, 120_000);
