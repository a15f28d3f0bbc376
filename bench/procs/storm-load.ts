import WebSocket from 'ws';
import { channels } from '../../contract/channels';
import { childMain, reply } from '../lib/child';
import { A, rawUrl } from '../lib/raw';
import { apiCaller, freeCells, signIn } from '../lib/session';

// The storm bench's clients and changes, in one process. BENCH_CLIENTS protocol clients
// (format=json, no SDK) of a desk (Rita) get their Ably JWT from the real
// `POST /api/ably/token` and, as the SDK does, keep it while it is valid and fetch a new one
// when it is about to expire or the broker refuses it (4014x); they attach the desk's bookings
// channel and record each event (`bookingId@version`). When the broker goes away they
// reconnect as the SDK does: at once, then every BENCH_RETRY_MS (×0.8–1, jittered); after a
// fresh (not resumed) attach they fetch what they missed from the broker's history
// (`from_serial` = the attach serial, the SDK's `untilAttach`). Meanwhile Max (another desk)
// makes BENCH_CHANGES_PER_S changes (walk-ins for Ben and their cancellations) through the
// API, which publishes them through its outbox; each acknowledged change is expected once by
// every client.
//
// The parent kills the broker and starts it again, then sends `restarted {killedAt, upAt}`.
// Recovered = every client connected, attached anew and holding every change acknowledged
// before the broker was back. Lost = expected events a client never got, after a drain.

const url = process.env.BENCH_URL!;
const brokerPort = Number(process.env.BENCH_BROKER_PORT);
const clientCount = Number(process.env.BENCH_CLIENTS ?? 2000);
const perS = Number(process.env.BENCH_CHANGES_PER_S ?? 5);
const retryMs = Number(process.env.BENCH_RETRY_MS ?? 1000);
const CHANNEL = channels.adminBookings('br_main');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const rita = await signIn(url, 'rita@glowdesk.test');
const max = await signIn(url, 'max@glowdesk.test');
const ben = await signIn(url, 'ben@glowdesk.test');
const call = apiCaller(url);
let tokenRequests = 0;
const token = async () => {
  tokenRequests++;
  const t = (await call('/api/ably/token', rita, { method: 'POST' })) as {
    token: string;
    expires: number;
  };
  return { token: t.token, expires: t.expires };
};

type Wire = { data?: unknown; encoding?: string };
const keyOf = (m: Wire): string | null => {
  let d = m.data;
  if (typeof d === 'string' && m.encoding?.includes('json')) d = JSON.parse(d);
  const b = d as { bookingId?: string; version?: number } | undefined;
  return b?.bookingId ? `${b.bookingId}@${b.version}` : null;
};

class Client {
  ws: WebSocket | null = null;
  /** Kept while valid, as the SDK keeps it; renewed when about to expire or refused. */
  auth: { token: string; expires: number } | null = null;
  live = false;
  attachedAt = 0;
  attaches = 0;
  /** Receipts per event key (live deliveries; history fills in missing keys only). */
  readonly got = new Map<string, number>();
  duplicates = 0;
  /** The last session's steps (epoch ms): started, CONNECTED, ATTACHED, caught up. */
  steps = [0, 0, 0, 0];

  /** Connects, attaches and catches up; resolves when the socket closes. */
  async session(): Promise<void> {
    const steps = [Date.now(), 0, 0, 0];
    if (!this.auth || this.auth.expires - Date.now() < 5_000) this.auth = await token();
    const accessToken = this.auth.token;
    const ws = new WebSocket(rawUrl({ port: brokerPort, auth: { accessToken }, echo: false }), {
      perMessageDeflate: false,
    });
    this.ws = ws;
    const closed = new Promise<void>((r) => ws.once('close', () => r()));
    ws.on('error', () => {});
    let onAttached: (serial: string) => void = () => {};
    let onConnected: () => void = () => {};
    ws.on('message', (raw: WebSocket.RawData) => {
      const pm = JSON.parse(String(raw)) as {
        action: number;
        channel?: string;
        channelSerial?: string;
        messages?: Wire[];
      };
      if (pm.action === A.CONNECTED) onConnected();
      else if (pm.action === A.ATTACHED && pm.channel === CHANNEL)
        onAttached(pm.channelSerial ?? '');
      else if (pm.action === A.MESSAGE && pm.channel === CHANNEL) {
        for (const m of pm.messages ?? []) {
          const key = keyOf(m);
          if (!key) continue;
          const n = this.got.get(key) ?? 0;
          if (n > 0) this.duplicates++;
          this.got.set(key, n + 1);
        }
      } else if (pm.action === A.ERROR || pm.action === A.DISCONNECTED) {
        const error = (pm as { error?: { code?: number } }).error;
        // 4014x: the token is expired, revoked or unknown — fetch a new one, as the SDK does.
        if (error?.code && error.code >= 40140 && error.code < 40150) this.auth = null;
        lastError = `${pm.action}: ${JSON.stringify(error)}`;
        ws.terminate();
      }
    });
    const step = <T>(wait: Promise<T>) =>
      Promise.race([
        wait,
        closed.then(() => {
          throw new Error('closed');
        }),
        sleep(30_000).then(() => {
          throw new Error('timed out');
        }),
      ]);
    await step(new Promise<void>((r) => (onConnected = r)));
    steps[1] = Date.now();
    const attached = new Promise<string>((r) => (onAttached = r));
    ws.send(JSON.stringify({ action: A.ATTACH, channel: CHANNEL }));
    const serial = await step(attached);
    steps[2] = Date.now();
    if (this.attaches++ > 0) await step(this.catchUp(accessToken, serial));
    this.attachedAt = Date.now();
    steps[3] = this.attachedAt;
    this.steps = steps;
    this.live = true;
    await closed;
    this.live = false;
  }

  /** What was published before the attach point, from the broker's history. */
  async catchUp(accessToken: string, serial: string) {
    const q = new URLSearchParams({ direction: 'backwards', limit: '1000' });
    if (serial) q.set('from_serial', serial);
    const res = await fetch(
      `http://127.0.0.1:${brokerPort}/channels/${encodeURIComponent(CHANNEL)}/messages?${q}`,
      { headers: { authorization: `Bearer ${Buffer.from(accessToken).toString('base64')}` } },
    );
    if (!res.ok) throw new Error(`history: ${res.status}`);
    for (const m of (await res.json()) as Wire[]) {
      const key = keyOf(m);
      if (key && !this.got.has(key)) this.got.set(key, 1);
    }
  }

  async run() {
    let immediate = true;
    while (!stopping) {
      try {
        await this.session();
        immediate = true; // was connected: the first retry after a drop is at once
      } catch (e) {
        lastError = (e as Error).message;
        this.ws?.terminate();
      }
      if (stopping) return;
      if (!immediate) await sleep(retryMs * (0.8 + Math.random() * 0.2));
      immediate = false;
    }
  }
}

let stopping = false;
let lastError = '';
const clients = Array.from({ length: clientCount }, () => new Client());
childMain(
  (msg) => {
    if (msg.type === 'restarted') void afterRestart(Number(msg.killedAt), Number(msg.upAt));
  },
  () => {
    stopping = true;
    for (const c of clients) c.ws?.terminate();
  },
);

// ─── changes ──────────────────────────────────────────────────────────────────

const expected: Array<{ key: string; at: number }> = [];
let changing = true;
let failedChanges = 0;
const benId = ((await call('/api/auth/me', ben)) as { user: { id: string } }).user.id;
const slots = await freeCells(call, max, 90, 4);
let nextAt = performance.now();
const tick = () => {
  nextAt = Math.max(nextAt + 1000 / perS, performance.now());
  return sleep(nextAt - performance.now());
};
const record = (answer: unknown) => {
  const b = (answer as { booking: { id: string; version: number } }).booking;
  expected.push({ key: `${b.id}@${b.version}`, at: Date.now() });
  return b.id;
};
/** One cell: book a walk-in, cancel it, again. A change the API refused is not expected. */
async function cycle(slot: (typeof slots)[number]) {
  while (changing) {
    await tick();
    let id: string;
    try {
      id = record(
        await call('/api/bookings', max, {
          method: 'POST',
          body: JSON.stringify({ serviceId: 'sv_cut', customerId: benId, ...slot }),
        }),
      );
    } catch {
      failedChanges++;
      continue;
    }
    await tick();
    for (;;) {
      try {
        record(
          await call(`/api/bookings/${id}`, max, {
            method: 'PATCH',
            body: JSON.stringify({ action: 'cancel', reason: 'bench' }),
          }),
        );
        break;
      } catch {
        failedChanges++;
        await sleep(100);
      }
    }
  }
}

// ─── run ──────────────────────────────────────────────────────────────────────

const t0 = Date.now();
for (const c of clients) void c.run();
while (clients.some((c) => !c.live)) {
  if (Date.now() - t0 > 120_000) {
    const live = clients.filter((c) => c.live).length;
    throw new Error(`storm: ${live} of ${clientCount} clients attached (last error: ${lastError})`);
  }
  await sleep(50);
}
const connectS = (Date.now() - t0) / 1000;
const loops = slots.map((s) => cycle(s));
await sleep(2000);
reply({ type: 'ready', connectS, tokenRequests });

const missing = (c: Client, keys: string[]) => keys.filter((k) => !c.got.has(k)).length;

async function afterRestart(killedAt: number, upAt: number) {
  const tokensBefore = tokenRequests;
  // Recovered: everyone attached anew and holding every change acknowledged before `upAt`.
  const target = () => expected.filter((e) => e.at <= upAt).map((e) => e.key);
  let recoveredAt = Number.NaN;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const keys = target();
    if (clients.every((c) => c.live && c.attachedAt > killedAt && missing(c, keys) === 0)) {
      recoveredAt = Date.now();
      break;
    }
    await sleep(20);
  }
  // Then more changes, a stop, and a drain: every acknowledged change must reach everyone.
  await sleep(1500);
  changing = false;
  await Promise.all(loops);
  const all = expected.map((e) => e.key);
  const drainBy = Date.now() + 15_000;
  while (Date.now() < drainBy && clients.some((c) => missing(c, all) > 0)) await sleep(50);
  const lost = clients.reduce((n, c) => n + missing(c, all), 0);
  const lostEvents = all.filter((k) => clients.some((c) => !c.got.has(k))).length;
  const back = clients.map((c) => (c.attachedAt - killedAt) / 1000).sort((a, b) => a - b);
  // Where the time went (medians, ms): the last attempt's start after the kill, then
  // start → CONNECTED → ATTACHED → history read.
  const med = (f: (c: Client) => number) =>
    clients.map(f).sort((a, b) => a - b)[Math.floor(clients.length / 2)]!;
  const stepsMs = [
    med((c) => c.steps[0]! - killedAt),
    med((c) => c.steps[1]! - c.steps[0]!),
    med((c) => c.steps[2]! - c.steps[1]!),
    med((c) => c.steps[3]! - c.steps[2]!),
  ];
  reply({
    type: 'result',
    recoverS: (recoveredAt - killedAt) / 1000,
    attachedP50S: back[Math.floor(back.length / 2)],
    attachedP90S: back[Math.floor(back.length * 0.9)],
    stepsMs,
    notRecovered: clients.filter((c) => !(c.live && c.attachedAt > killedAt)).length,
    lost,
    lostEvents,
    duplicates: clients.reduce((n, c) => n + c.duplicates, 0),
    expected: all.length,
    failedChanges,
    tokenRequests: tokenRequests - tokensBefore,
  });
}
