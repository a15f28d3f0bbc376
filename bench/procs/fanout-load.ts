import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { WebSocket as WS } from 'ws';
import { childMain, reply } from '../lib/child';
import { A, attachRaw, connectRaw, pool } from '../lib/raw';
import { Histogram } from '../lib/stats';

// Load generator for the fan-out bench: N subscribers + 1 publisher, all in this process.
// The publisher keeps WINDOW messages in flight: a message is done when every subscriber has
// it, and each completion releases the next publish. Deliveries/s = frames received by
// subscribers per second during the measured window; latency = publish → each receipt.
// The parent drives it in slices (`run`), alternating with the baseline's load generator.

const mode = process.env.BENCH_MODE!;
const port = Number(process.env.BENCH_PORT);
const key = process.env.BENCH_KEY ?? '';
const n = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const warmupMs = Number(process.env.BENCH_WARMUP_MS ?? 300);
const window = Number(process.env.BENCH_WINDOW ?? 8);
const payloadBytes = Number(process.env.BENCH_PAYLOAD ?? 200);
const channel = 'bench:fanout';

let onRun: (ms: number) => Promise<void> = async () => {
  throw new Error('not ready');
};
let onStop = () => {};
childMain(
  async (msg) => {
    if (msg.type === 'run') await onRun(Number(msg.ms));
  },
  () => onStop(),
);

const payload = 'x'.repeat(payloadBytes);
const NAME = Buffer.from('"name":"');

/** The sequence number from a delivered frame (both servers put it in `messages[0].name`). */
function seqOf(buf: Buffer): number {
  const i = buf.indexOf(NAME);
  if (i < 0) return -1;
  let v = 0;
  for (let j = i + NAME.length; j < buf.length; j++) {
    const c = buf[j]!;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return v;
}

async function openSubscriber(): Promise<WebSocket> {
  if (mode === 'broker') {
    const ws = await connectRaw({ port, auth: { key } });
    await attachRaw(ws, channel);
    return ws;
  }
  const ws = new WS(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

const t0 = performance.now();
const subs = await pool(
  Array.from({ length: n }, (_, i) => i),
  100,
  () => openSubscriber(),
);
const connectMs = performance.now() - t0;

const publisher =
  mode === 'broker'
    ? await connectRaw({ port, auth: { key }, echo: false })
    : await (async () => {
        const ws = new WS(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
        await new Promise<void>((r, j) => {
          ws.once('open', () => r());
          ws.once('error', j);
        });
        return ws;
      })();

// What the publisher sends. For the broker: a protocol MESSAGE. For the baseline: the frame
// the broker would deliver (same fields and size), relayed as-is by the plain server.
let msgSerial = 0;
function frameFor(seq: number): string {
  if (mode === 'broker') {
    return JSON.stringify({
      action: A.MESSAGE,
      channel,
      msgSerial: msgSerial++,
      messages: [{ name: String(seq), data: payload }],
    });
  }
  const now = Date.now();
  return JSON.stringify({
    action: A.MESSAGE,
    id: `cbench0000:${seq}`,
    channel,
    channelSerial: `e1k2f:${seq.toString(36)}`,
    connectionId: 'cbench0000',
    timestamp: now,
    messages: [
      {
        id: `cbench0000:${seq}:0`,
        name: String(seq),
        data: payload,
        connectionId: 'cbench0000',
        timestamp: now,
      },
    ],
  });
}

const sentAt: number[] = [];
const received: number[] = [];
let hist = new Histogram();
let phase: 'idle' | 'warmup' | 'measure' | 'drain' = 'idle';
let deliveries = 0;
let completedInMeasure = 0;
let outstanding = 0;
let lastCompletion = performance.now();
let seqNext = 0;
let drained: () => void = () => {};

function publish() {
  const seq = seqNext++;
  received[seq] = 0;
  sentAt[seq] = performance.now();
  outstanding++;
  publisher.send(frameFor(seq));
}

for (const ws of subs) {
  ws.on('message', (data: WebSocket.RawData) => {
    const now = performance.now();
    const seq = seqOf(data as Buffer);
    if (seq < 0 || sentAt[seq] === undefined) return;
    if (phase === 'measure') {
      deliveries++;
      hist.record(now - sentAt[seq]!);
    }
    if (++received[seq]! === n) {
      lastCompletion = now;
      outstanding--;
      if (phase === 'measure') completedInMeasure++;
      if (phase === 'warmup' || phase === 'measure') publish();
      else if (outstanding === 0) drained();
    }
  });
}
publisher.on('message', () => {}); // ACKs

setInterval(() => {
  if (phase !== 'idle' && performance.now() - lastCompletion > 15_000) {
    throw new Error(`fan-out stalled: ${outstanding} messages never reached all ${n} subscribers`);
  }
}, 500).unref();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One measured slice: warm up, measure, stop publishing and wait until all is delivered. */
async function run(ms: number) {
  hist = new Histogram();
  deliveries = 0;
  completedInMeasure = 0;
  lastCompletion = performance.now();
  phase = 'warmup';
  for (let i = 0; i < window; i++) publish();
  await sleep(warmupMs);
  phase = 'measure';
  const start = performance.now();
  const wallStart = Date.now();
  const cpuStart = process.cpuUsage();
  await sleep(ms);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const wallEnd = Date.now();
  const result = {
    type: 'result',
    deliveries,
    seconds: elapsed,
    deliveriesPerS: deliveries / elapsed,
    messagesPerS: completedInMeasure / elapsed,
    p50: hist.percentile(50),
    p99: hist.percentile(99),
    samples: hist.count,
    loadCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
    from: wallStart,
    to: wallEnd,
  };
  const done = new Promise<void>((r) => {
    drained = r;
  });
  phase = 'drain';
  if (outstanding > 0) await done;
  phase = 'idle';
  reply(result);
}

onRun = run;
onStop = () => {
  for (const ws of subs) ws.terminate();
  publisher.terminate();
};
reply({ type: 'ready', connectMs });
