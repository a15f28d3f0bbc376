import { type Child, spawnChild } from './lib/child';
import { median, round } from './lib/stats';

// Chat: `conversations` two-member conversations (2,000 in `npm run bench`), each with a chat
// channel and a presence channel; every member on both, messages and presence updates on all
// of them at once (bench/procs/chat-load.ts). The broker and, side by side in the same run,
// a plain `ws` server doing the same routing and nothing else (fanout-server.ts `router`)
// each get their own load-generator process with the same offered load; the parent
// alternates short slices between them. The figure is server CPU per delivered event; the
// ratio is the median of each back-to-back slice pair's ratio (as the token bench's), so one
// slice that met a GC pause or the machine's noise does not decide it.

export interface ChatOptions {
  conversations: number;
  eventsPerS: number;
  slices: number;
  sliceMs: number;
}

interface Slice {
  deliveries: number;
  sent: number;
  owed: number;
  seconds: number;
  p50: number;
  p99: number;
  loadCpu: number;
  from: number;
  to: number;
  /** The server's CPU seconds over the slice (its own sampler). */
  cpuSeconds: number;
}

interface Side {
  server: Child;
  load: Child;
  slices: Slice[];
}

async function startSide(mode: 'broker' | 'router', o: ChatOptions, lifeMs: number) {
  const server = spawnChild('fanout-server.ts', { timeoutMs: lifeMs, env: { BENCH_MODE: mode } });
  const { port, key } = await server.next<{ port: number; key: string }>('ready', 30_000);
  const load = spawnChild('chat-load.ts', {
    timeoutMs: lifeMs,
    env: {
      BENCH_MODE: mode,
      BENCH_PORT: String(port),
      BENCH_KEY: key,
      BENCH_CONVERSATIONS: String(o.conversations),
      BENCH_EVENTS_PER_S: String(o.eventsPerS),
    },
  });
  await load.next('ready', 60_000 + o.conversations * 40);
  return { server, load, slices: [] } as Side;
}

async function slice(side: Side, ms: number) {
  side.load.send({ type: 'run', ms });
  const r = await side.load.next<Omit<Slice, 'cpuSeconds'>>('result', ms + 30_000);
  side.server.send({ type: 'cpu', from: r.from, to: r.to });
  const { cpu } = await side.server.next<{ cpu: number }>('cpu', 5_000);
  side.slices.push({ ...r, cpuSeconds: (cpu * (r.to - r.from)) / 1000 });
}

function summary(side: Side) {
  const sum = (f: (s: Slice) => number) => side.slices.reduce((a, s) => a + f(s), 0);
  const mid = (f: (s: Slice) => number) =>
    side.slices.map(f).sort((a, b) => a - b)[Math.floor(side.slices.length / 2)]!;
  const deliveries = sum((s) => s.deliveries);
  return {
    deliveries,
    rate: deliveries / sum((s) => s.seconds),
    // A message is owed 1 delivery (the other member), a presence update 2 (both).
    delivered: deliveries / sum((s) => s.owed),
    usPerDelivery: (sum((s) => s.cpuSeconds) / deliveries) * 1e6,
    p50: mid((s) => s.p50),
    p99: mid((s) => s.p99),
    loadCpu: sum((s) => s.loadCpu) / side.slices.length,
  };
}

export async function benchChat(o: ChatOptions, log: (s: string) => void) {
  const lifeMs = 120_000 + o.conversations * 80 + o.slices * 2 * (o.sliceMs + 5_000);
  const sides: Side[] = [];
  try {
    // Both sides set up at once (8,000 connections, 16,000 attaches): only the slices compare.
    const starting = [startSide('router', o, lifeMs), startSide('broker', o, lifeMs)];
    const settled = await Promise.allSettled(starting);
    for (const r of settled) if (r.status === 'fulfilled') sides.push(r.value);
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
    const [router, broker] = sides as [Side, Side];
    for (let i = 0; i < o.slices; i++) {
      for (const side of i % 2 === 0 ? [router, broker] : [broker, router]) {
        await slice(side, o.sliceMs);
      }
    }
    const b = summary(broker);
    const base = summary(router);
    const usPerDelivery = (s: Slice) => s.cpuSeconds / s.deliveries;
    const pairRatios = broker.slices.map(
      (s, i) => usPerDelivery(s) / usPerDelivery(router.slices[i]!),
    );
    for (const [name, s] of [
      ['broker', b],
      ['baseline', base],
    ] as const) {
      if (s.delivered < 0.99) {
        throw new Error(`chat ${name}: only ${round(s.delivered * 100, 1)} % of events delivered`);
      }
    }
    log(
      `  chat: ${o.conversations} conversations, broker ${Math.round(b.rate)} deliveries/s at ` +
        `${round(b.usPerDelivery)} µs each (p99 ${round(b.p99)} ms), plain ws router ` +
        `${Math.round(base.rate)}/s at ${round(base.usPerDelivery)} µs (p99 ${round(base.p99)} ms); ` +
        `load cpu ${round(b.loadCpu)} / ${round(base.loadCpu)}; ratio per slice pair ` +
        pairRatios.map((r) => round(r, 2)).join(', '),
    );
    return {
      chat_delivered: round(b.delivered, 4),
      chat_deliveries_per_s: Math.round(b.rate),
      chat_server_us_per_delivery: round(b.usPerDelivery),
      chat_baseline_us_per_delivery: round(base.usPerDelivery),
      chat_us_per_delivery_ratio: round(median(pairRatios), 3),
      chat_p99_ms: round(b.p99),
      chat_baseline_p99_ms: round(base.p99),
    };
  } finally {
    for (const s of sides) {
      await s.load.stop();
      await s.server.stop();
    }
  }
}
