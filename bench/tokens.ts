import { childGroup } from './lib/child';
import { signIn } from './lib/session';
import { median, round } from './lib/stats';

// Token throughput: `POST /api/ably/token` with a customer's session cookie — the whole
// production route (request log, helmet, JSON body and cookie parsing, same-origin check,
// session lookup, rate limiter, capability from the database, Ably JWT signing) — against
// `POST /bench/token` in the same app and process, which does only the irreducible part
// (session lookup, capability reads, signature; bench/procs/app-server.ts). Their ratio is the
// cost of everything around the token (`token_overhead_ratio`). Server and load generator
// are two processes; the parent alternates short slices between the two routes so both share
// the machine's noise, and reports the median of the per-slice rates and of the ratios of the
// back-to-back slice pairs.

export interface TokenOptions {
  slices: number;
  sliceSeconds: number;
  connections: number;
}

export async function benchTokens(o: TokenOptions, log: (s: string) => void) {
  const lifeMs = 60_000 + o.slices * 2 * (o.sliceSeconds * 1000 + 5_000);
  const children = childGroup(lifeMs);
  const spawn = (script: string, env?: Record<string, string>) =>
    children.spawn(script, env ? { env } : {});
  try {
    const app = spawn('app-server.ts', { BENCH_IRREDUCIBLE: '1' });
    const { url } = await app.next<{ url: string }>('ready', 60_000);
    const cookie = await signIn(url, 'ava@glowdesk.test');
    for (const path of ['/api/ably/token', '/bench/token']) {
      const sample = await fetch(`${url}${path}`, { method: 'POST', headers: { cookie } });
      if (!sample.ok) throw new Error(`${path} answered ${sample.status}`);
    }
    const load = spawn('http-load.ts');
    await load.next('ready', 30_000);

    const run = async (target: string, headers: Record<string, string>) => {
      load.send({
        type: 'run',
        url: target,
        method: 'POST',
        headers,
        seconds: o.sliceSeconds,
        connections: o.connections,
      });
      const r = await load.next<{
        reqPerS: number;
        total: number;
        p99: number;
        errors: number;
        non2xx: number;
        from: number;
        to: number;
        loadCpu: number;
      }>('result', o.sliceSeconds * 1000 + 30_000);
      if (r.errors || r.non2xx) {
        throw new Error(`token bench: ${r.errors} errors, ${r.non2xx} non-2xx from ${target}`);
      }
      // The server's CPU per answer (its sampler, over the slice): whether the server or the
      // load generator was what limited the rate.
      app.send({ type: 'cpu', from: r.from, to: r.to });
      const { cpu } = await app.next<{ cpu: number }>('cpu', 5_000);
      return { ...r, serverUs: (cpu * (r.to - r.from) * 1000) / r.total, serverCpu: cpu };
    };
    const rates: number[] = [];
    const base: number[] = [];
    const realP99: number[] = [];
    const realUs: number[] = [];
    const baseUs: number[] = [];
    const cpus: string[] = [];
    // One unmeasured warm-up each (JIT, SQLite page cache).
    const real = `${url}/api/ably/token`;
    const irreducible = `${url}/bench/token`;
    await run(real, { cookie });
    await run(irreducible, { cookie });
    for (let i = 0; i < o.slices; i++) {
      const realFirst = i % 2 === 0;
      for (const which of realFirst ? ['real', 'base'] : ['base', 'real']) {
        if (which === 'real') {
          const r = await run(real, { cookie });
          rates.push(r.reqPerS);
          realP99.push(r.p99);
          realUs.push(r.serverUs);
          cpus.push(`${round(r.serverCpu)}+${round(r.loadCpu)}`);
        } else {
          const r = await run(irreducible, { cookie });
          base.push(r.reqPerS);
          baseUs.push(r.serverUs);
        }
      }
    }
    const rate = median(rates);
    const baseRate = median(base);
    // The ratio is the median of each slice pair's ratio: the two slices of a pair run back to
    // back, so the pair shares the machine's load of that moment.
    const ratio = median(rates.map((r, i) => r / base[i]!));
    log(
      `  tokens: ${Math.round(rate)} req/s (slices ${rates.map(Math.round).join(', ')}), ` +
        `irreducible route ${Math.round(baseRate)} req/s (slices ${base.map(Math.round).join(', ')}); ` +
        `server CPU per answer ${round(median(realUs))} µs vs ${round(median(baseUs))} µs; ` +
        `cores used, server + load generator: ${cpus.join(', ')}`,
    );
    return {
      token_req_per_s: Math.round(rate),
      token_baseline_req_per_s: Math.round(baseRate),
      token_overhead_ratio: round(ratio, 3),
      token_p99_ms: round(median(realP99)),
      token_server_us_per_req: round(median(realUs)),
      token_baseline_server_us_per_req: round(median(baseUs)),
    };
  } finally {
    await children.stop();
  }
}
