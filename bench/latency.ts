import { readFileSync } from 'node:fs';
import { childGroup } from './lib/child';
import { round } from './lib/stats';

// End-to-end latency through the whole stack, under load: desk PATCH approve → API
// transaction → outbox → publish over REST to the embedded broker → the customer's `ably` SDK.
// Meanwhile `customers` other customer connections (JWT-authenticated, in their own process)
// are attached each to its own `customer:…:bookings` channel, `otherSubscribers` sit on the
// desk's bookings channel (every approval fans out to them too), and another desk makes
// `changesPerS` changes a second (bench/procs/desk-load.ts).

export interface LatencyOptions {
  approvals: number;
  otherSubscribers: number;
  customers: number;
  changesPerS: number;
  /** PostgreSQL (DATABASE_URL) instead of SQLite; metrics then read `e2e_loaded_pg_…`. */
  databaseUrl?: string;
}

export async function benchLatency(o: LatencyOptions, log: (s: string) => void) {
  const lifeMs = 180_000 + o.approvals * 300;
  const children = childGroup(lifeMs);
  const spawn = (script: string, env?: Record<string, string>) =>
    children.spawn(script, env ? { env } : {});
  try {
    const app = spawn(
      'app-server.ts',
      o.databaseUrl ? { BENCH_DATABASE_URL: o.databaseUrl } : undefined,
    );
    const ready = await app.next<{ url: string; realtimePort: number; dataDir: string }>(
      'ready',
      60_000,
    );
    const key = (
      JSON.parse(readFileSync(`${ready.dataDir}/broker-key.json`, 'utf8')) as { key: string }
    ).key;
    const others = spawn('idle-clients.ts', {
      BENCH_PORT: String(ready.realtimePort),
      BENCH_KEY: key,
      BENCH_CONNECTIONS: String(o.otherSubscribers),
      BENCH_CHANNEL: 'admin:bookings:br_main',
    });
    await others.next('ready', 60_000);
    const customers = spawn('idle-clients.ts', {
      BENCH_PORT: String(ready.realtimePort),
      BENCH_KEY: key,
      BENCH_CONNECTIONS: String(o.customers),
      BENCH_CHANNEL: 'customer:{client}:bookings',
    });
    await customers.next('ready', 120_000);
    const desk = spawn('desk-load.ts', {
      BENCH_URL: ready.url,
      BENCH_CHANGES_PER_S: String(o.changesPerS),
    });
    await desk.next('ready', 60_000);
    const t0 = Date.now();
    const client = spawn('latency-client.ts', {
      BENCH_URL: ready.url,
      BENCH_REALTIME_PORT: String(ready.realtimePort),
      BENCH_APPROVALS: String(o.approvals),
    });
    const r = await client.next<{ count: number; p50: number; p99: number; mean: number }>(
      'result',
      lifeMs - 10_000,
    );
    desk.send({ type: 'count' });
    const load = await desk.next<{ changes: number; failures: number }>('count', 10_000);
    const rate = load.changes / ((Date.now() - t0) / 1000);
    if (load.failures > 0) throw new Error(`desk load: ${load.failures} changes failed`);
    const on = o.databaseUrl ? 'PostgreSQL' : 'SQLite';
    log(
      `  e2e (loaded, ${on}): ${r.count} approvals, p50 ${round(r.p50)} ms, p99 ${round(r.p99)} ms, ` +
        `mean ${round(r.mean)} ms; ${o.customers} customers attached, other desks ${round(rate, 1)} changes/s`,
    );
    const prefix = o.databaseUrl ? 'e2e_loaded_pg' : 'e2e_loaded';
    return {
      [`${prefix}_p50_ms`]: round(r.p50),
      [`${prefix}_p99_ms`]: round(r.p99),
      [`${prefix}_changes_per_s`]: round(rate, 1),
    };
  } finally {
    await children.stop();
  }
}
