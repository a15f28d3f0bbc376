import { generateKey } from '../broker/node/index';
import { type Child, spawnChild } from './lib/child';
import { round } from './lib/stats';

// Reconnect storm: the whole app against a standalone broker (BROKER_URL / BROKER_KEY mode),
// `clients` protocol clients of the desk attached to its bookings channel and renewing their
// token through `POST /api/ably/token` on every connect, another desk making changes
// (bench/procs/storm-load.ts). The broker process is killed (SIGKILL: its channels, history
// and connections are gone) and started again on the same port. `storm_recover_s`: from the
// kill until every client is connected, attached anew and caught up; `storm_lost`: expected
// events (client × acknowledged change) never received.

export interface StormOptions {
  clients: number;
  changesPerS: number;
  tokenTtlS: number;
}

export async function benchStorm(o: StormOptions, log: (s: string) => void) {
  const lifeMs = 240_000 + o.clients * 20;
  const key = generateKey('storm');
  const children: Child[] = [];
  const spawn = (script: string, env: Record<string, string>) => {
    const child = spawnChild(script, { timeoutMs: lifeMs, env });
    children.push(child);
    return child;
  };
  try {
    let broker = spawn('broker-server.ts', { BENCH_KEY: key });
    const { port } = await broker.next<{ port: number }>('ready', 30_000);
    const app = spawn('app-server.ts', {
      BENCH_BROKER_URL: `http://127.0.0.1:${port}`,
      BENCH_BROKER_KEY: key,
      // Short tokens, so renewals through the token endpoint go on throughout the storm.
      BENCH_TOKEN_TTL_S: String(o.tokenTtlS),
    });
    const { url } = await app.next<{ url: string }>('ready', 60_000);
    const load = spawn('storm-load.ts', {
      BENCH_URL: url,
      BENCH_BROKER_PORT: String(port),
      BENCH_CLIENTS: String(o.clients),
      BENCH_CHANGES_PER_S: String(o.changesPerS),
    });
    const ready = await load.next<{ connectS: number }>('ready', 150_000);

    broker.proc.kill('SIGKILL');
    await broker.exited;
    const killedAt = Date.now();
    broker = spawn('broker-server.ts', { BENCH_KEY: key, BENCH_PORT: String(port) });
    await broker.next('ready', 30_000);
    const upAt = Date.now();
    load.send({ type: 'restarted', killedAt, upAt });
    const r = await load.next<{
      recoverS: number;
      attachedP50S: number;
      attachedP90S: number;
      stepsMs: number[];
      notRecovered: number;
      lost: number;
      lostEvents: number;
      duplicates: number;
      expected: number;
      failedChanges: number;
      tokenRequests: number;
    }>('result', 120_000);
    log(
      `  storm: ${o.clients} clients (first connect ${round(ready.connectS, 1)} s); broker back ` +
        `${round((upAt - killedAt) / 1000, 2)} s after the kill; all recovered after ` +
        `${round(r.recoverS, 2)} s (${r.notRecovered} not; re-attached p50 ${round(r.attachedP50S, 2)} s, ` +
        `p90 ${round(r.attachedP90S, 2)} s; median last attempt from ${r.stepsMs[0]} ms, then ` +
        `CONNECTED ${r.stepsMs[1]} ms, ATTACHED ${r.stepsMs[2]} ms, history ${r.stepsMs[3]} ms); ` +
        `${r.tokenRequests} token requests; ` +
        `${r.expected} changes acknowledged, ${r.lost} deliveries lost (${r.lostEvents} events), ` +
        `${r.duplicates} duplicated; ${r.failedChanges} changes refused`,
    );
    if (r.notRecovered > 0) throw new Error(`storm: ${r.notRecovered} clients never recovered`);
    return {
      storm_recover_s: round(r.recoverS, 2),
      storm_broker_restart_s: round((upAt - killedAt) / 1000, 2),
      storm_lost: r.lost,
      storm_duplicated: r.duplicates,
    };
  } finally {
    for (const c of children.reverse()) await c.stop();
  }
}
