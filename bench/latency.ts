import { readFileSync } from 'node:fs';
import { childGroup } from './lib/child';
import { round } from './lib/stats';

// End-to-end latency through the whole stack: desk PATCH approve → API transaction → fan-out
// publish over REST to the embedded broker → the customer's `ably` SDK. 100 other subscribers
// sit on the desk's bookings channel, so every approval also fans out to them.

export interface LatencyOptions {
  approvals: number;
  otherSubscribers: number;
}

export async function benchLatency(o: LatencyOptions, log: (s: string) => void) {
  const lifeMs = 120_000 + o.approvals * 200;
  const children = childGroup(lifeMs);
  const spawn = (script: string, env?: Record<string, string>) =>
    children.spawn(script, env ? { env } : {});
  try {
    const app = spawn('app-server.ts');
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
    const client = spawn('latency-client.ts', {
      BENCH_URL: ready.url,
      BENCH_REALTIME_PORT: String(ready.realtimePort),
      BENCH_APPROVALS: String(o.approvals),
    });
    const r = await client.next<{ count: number; p50: number; p99: number; mean: number }>(
      'result',
      lifeMs - 10_000,
    );
    log(
      `  e2e: ${r.count} approvals, p50 ${round(r.p50)} ms, p99 ${round(r.p99)} ms, mean ${round(r.mean)} ms`,
    );
    return { e2e_p50_ms: round(r.p50), e2e_p99_ms: round(r.p99) };
  } finally {
    await children.stop();
  }
}
