import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { childMain, reply } from '../lib/child';
import { A, attachRaw, connectRaw, pool } from '../lib/raw';
import { Histogram } from '../lib/stats';

// Load generator for the chat bench: BENCH_CONVERSATIONS two-member conversations, each with
// a chat channel and a presence channel (the app's `session:<ticket>:chat` / `:presence`).
// Both members attach both channels and enter presence. While the parent runs a slice, the
// members together send BENCH_EVENTS_PER_S events, spread evenly over time and over the
// members, alternately a chat message and a presence update (typing on/off). A message is
// delivered to the other member, a presence update to both. Deliveries = MESSAGE and
// PRESENCE frames received during the slice; latency = send → each receipt.

const port = Number(process.env.BENCH_PORT);
const key = process.env.BENCH_KEY ?? '';
const mode = process.env.BENCH_MODE ?? 'broker';
const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 2000);
const eventsPerS = Number(process.env.BENCH_EVENTS_PER_S ?? 4000);

let onRun: (ms: number) => Promise<void> = async () => {
  throw new Error('not ready');
};
let members: Member[] = [];
childMain(
  async (msg) => {
    if (msg.type === 'run') await onRun(Number(msg.ms));
  },
  () => {
    for (const m of members) m.ws.terminate();
  },
);

interface Member {
  ws: WebSocket;
  clientId: string;
  chat: string;
  presence: string;
  msgSerial: number;
}

const chatText = 'x'.repeat(120);
let nacks = 0;
let hist = new Histogram();
let deliveries = 0;
/** Events sent from this moment (performance.now) on are the measured ones. */
let measureFrom = Number.POSITIVE_INFINITY;

async function open(i: number): Promise<Member> {
  const c = Math.floor(i / 2);
  const clientId = `chat-${c}-${i % 2}`;
  const ws = await connectRaw({
    port,
    auth: { key: mode === 'broker' ? key : 'none' },
    clientId,
    echo: false,
    timeoutMs: 60_000,
  });
  const m: Member = {
    ws,
    clientId,
    chat: `session:bench${c}:chat`,
    presence: `session:bench${c}:presence`,
    msgSerial: 0,
  };
  await attachRaw(ws, m.chat, 60_000);
  await attachRaw(ws, m.presence, 60_000);
  ws.on('message', (data: WebSocket.RawData) => {
    const pm = JSON.parse(String(data)) as {
      action: number;
      messages?: Array<{ data?: string }>;
      presence?: Array<{ data?: string }>;
    };
    if (pm.action === A.NACK) nacks++;
    if (pm.action !== A.MESSAGE && pm.action !== A.PRESENCE) return;
    const sent = Number.parseFloat((pm.messages ?? pm.presence)?.[0]?.data ?? '');
    if (!(sent >= measureFrom)) return;
    deliveries++;
    hist.record(performance.now() - sent);
  });
  send(m, 'enter');
  return m;
}

/** One event from member `m`: a chat message, or a presence enter/update. */
function send(m: Member, kind: 'message' | 'enter' | 'typing' | 'idle') {
  const at = performance.now().toFixed(3);
  const frame =
    kind === 'message'
      ? {
          action: A.MESSAGE,
          channel: m.chat,
          msgSerial: m.msgSerial++,
          messages: [{ name: 'message', data: `${at} ${chatText}` }],
        }
      : {
          action: A.PRESENCE,
          channel: m.presence,
          msgSerial: m.msgSerial++,
          presence: [
            {
              action: kind === 'enter' ? 2 : 4,
              clientId: m.clientId,
              data: `${at} ${kind === 'typing' ? 'typing' : 'online'}`,
            },
          ],
        };
  m.ws.send(JSON.stringify(frame));
}

members = await pool(
  Array.from({ length: conversations * 2 }, (_, i) => i),
  100,
  open,
);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
await sleep(500); // the enters' presence events

let cursor = 0;
let sentEvents = 0;
/** Deliveries the events sent so far should make: a message 1, a presence update 2. */
let owed = 0;
const kinds = ['message', 'typing', 'message', 'idle'] as const;

/** Sends events at `eventsPerS` for `ms`, in 10 ms ticks, round-robin over the members. */
async function drive(ms: number) {
  const start = performance.now();
  let due = 0;
  while (performance.now() - start < ms) {
    const target = Math.floor(((performance.now() - start) / 1000) * eventsPerS);
    for (; due < target; due++) {
      const m = members[cursor % members.length]!;
      const kind = kinds[Math.floor(cursor / members.length) % kinds.length]!;
      send(m, kind);
      cursor++;
      sentEvents++;
      owed += kind === 'message' ? 1 : 2;
    }
    await sleep(10);
  }
}

onRun = async (ms: number) => {
  await drive(300); // warm-up at the same rate, unmeasured
  hist = new Histogram();
  deliveries = 0;
  sentEvents = 0;
  owed = 0;
  const wallStart = Date.now();
  const t = performance.now();
  measureFrom = t;
  const cpuStart = process.cpuUsage();
  await drive(ms);
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const sent = sentEvents;
  // The measured events' deliveries still in flight count, and the server's work on them.
  const drainBy = performance.now() + 5_000;
  while (deliveries < owed && performance.now() < drainBy) await sleep(10);
  measureFrom = Number.POSITIVE_INFINITY;
  const wallEnd = Date.now();
  if (nacks > 0) throw new Error(`chat load: ${nacks} events refused (NACK)`);
  reply({
    type: 'result',
    deliveries,
    sent,
    owed,
    seconds,
    deliveriesPerS: deliveries / seconds,
    p50: hist.percentile(50),
    p99: hist.percentile(99),
    loadCpu: (cpu.user + cpu.system) / 1e6 / seconds,
    from: wallStart,
    to: wallEnd,
  });
};
reply({ type: 'ready', members: members.length });
