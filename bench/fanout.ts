import { type Child, spawnChild } from './lib/child';
import { round } from './lib/stats';

// Fan-out: 1 publisher → N subscribers (10,000 in `npm run bench`) on one channel, 200-byte
// messages.
// Two servers run side by side (the broker, and a plain `ws` relay as the baseline), each
// with its own load-generator process holding N idle-until-published connections. The
// parent alternates short measured slices between them, so both see the same machine noise.

export interface FanoutOptions {
  subscribers: number;
  /** Measured slices per side. */
  slices: number;
  sliceMs: number;
  warmupMs: number;
  window: number;
}

interface Slice {
  deliveries: number;
  seconds: number;
  deliveriesPerS: number;
  p50: number;
  p99: number;
  loadCpu: number;
  from: number;
  to: number;
}

interface Side {
  server: Child;
  load: Child;
  slices: Slice[];
  serverCpu: number[];
}

async function startSide(
  mode: 'broker' | 'baseline',
  o: FanoutOptions,
  lifeMs: number,
): Promise<Side> {
  const server = spawnChild('fanout-server.ts', { timeoutMs: lifeMs, env: { BENCH_MODE: mode } });
  const { port, key } = await server.next<{ port: number; key: string }>('ready', 30_000);
  const load = spawnChild('fanout-load.ts', {
    timeoutMs: lifeMs,
    env: {
      BENCH_MODE: mode,
      BENCH_PORT: String(port),
      BENCH_KEY: key,
      BENCH_SUBSCRIBERS: String(o.subscribers),
      BENCH_WARMUP_MS: String(o.warmupMs),
      BENCH_WINDOW: String(o.window),
    },
  });
  await load.next('ready', 30_000 + o.subscribers * 6);
  return { server, load, slices: [], serverCpu: [] };
}

async function slice(side: Side, ms: number) {
  side.load.send({ type: 'run', ms });
  const r = await side.load.next<Slice>('result', ms + 30_000);
  side.server.send({ type: 'cpu', from: r.from, to: r.to });
  side.serverCpu.push((await side.server.next<{ cpu: number }>('cpu', 5_000)).cpu);
  side.slices.push(r);
}

function summary(side: Side) {
  const deliveries = side.slices.reduce((a, s) => a + s.deliveries, 0);
  const seconds = side.slices.reduce((a, s) => a + s.seconds, 0);
  const sorted = (f: (s: Slice) => number) => side.slices.map(f).sort((a, b) => a - b);
  const mid = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    rate: deliveries / seconds,
    p50: mid(sorted((s) => s.p50)),
    p99: mid(sorted((s) => s.p99)),
    serverCpu: avg(side.serverCpu),
    loadCpu: avg(side.slices.map((s) => s.loadCpu)),
  };
}

export async function benchFanout(o: FanoutOptions, log: (s: string) => void) {
  const lifeMs = 90_000 + o.subscribers * 6 + o.slices * 2 * (o.sliceMs + o.warmupMs + 5_000);
  const sides: Side[] = [];
  try {
    const baseline = await startSide('baseline', o, lifeMs);
    sides.push(baseline);
    const broker = await startSide('broker', o, lifeMs);
    sides.push(broker);
    for (let i = 0; i < o.slices; i++) {
      // Alternate which side goes first so neither always gets the "fresher" slot.
      const order = i % 2 === 0 ? [baseline, broker] : [broker, baseline];
      for (const side of order) await slice(side, o.sliceMs);
    }
    const b = summary(broker);
    const base = summary(baseline);
    log(
      `  fan-out: broker ${Math.round(b.rate)}/s (server cpu ${round(b.serverCpu)}, load cpu ${round(b.loadCpu)}), ` +
        `baseline ${Math.round(base.rate)}/s (server cpu ${round(base.serverCpu)}, load cpu ${round(base.loadCpu)})`,
    );
    const p = o.subscribers >= 10_000 ? `fanout${o.subscribers / 1000}k` : 'fanout';
    return {
      [`${p}_deliveries_per_s`]: Math.round(b.rate),
      [`${p}_baseline_per_s`]: Math.round(base.rate),
      [`${p}_ratio`]: round(b.rate / base.rate, 3),
      [`${p}_p50_ms`]: round(b.p50),
      [`${p}_p99_ms`]: round(b.p99),
      [`${p}_baseline_p99_ms`]: round(base.p99),
      // Server CPU per delivery: the efficiency comparison that holds even when the load
      // generator, not the server, is what limits the rate.
      [`${p}_server_us_per_delivery`]: round((b.serverCpu / b.rate) * 1e6),
      [`${p}_baseline_us_per_delivery`]: round((base.serverCpu / base.rate) * 1e6),
    };
  } finally {
    for (const s of sides) {
      await s.load.stop();
      await s.server.stop();
    }
  }
}
