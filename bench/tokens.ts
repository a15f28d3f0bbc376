import { childGroup } from './lib/child';
import { signIn } from './lib/session';
import { median, round } from './lib/stats';

// Token throughput: `POST /api/ably/token` with a customer's session cookie — the full route
// (helmet, cookie + session JWT, capability from the database, Ably JWT signing) — against a
// baseline bare Express route answering the same-sized JSON. Server, baseline and load
// generator are three processes; the parent alternates short slices between the two targets
// so both share the machine's noise, and reports the median of the per-slice rates.

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
    const app = spawn('app-server.ts');
    const { url } = await app.next<{ url: string }>('ready', 60_000);
    const cookie = await signIn(url, 'ava@glowdesk.test');
    const sample = await fetch(`${url}/api/ably/token`, { method: 'POST', headers: { cookie } });
    if (!sample.ok) throw new Error(`token endpoint answered ${sample.status}`);
    const body = await sample.text();

    const baseline = spawn('token-baseline.ts', { BENCH_BODY: body });
    const { url: baselineUrl } = await baseline.next<{ url: string }>('ready', 30_000);
    const load = spawn('http-load.ts');
    await load.next('ready', 30_000);

    const run = async (target: string, headers: Record<string, string>) => {
      load.send({
        type: 'run',
        url: `${target}/api/ably/token`,
        method: 'POST',
        headers,
        seconds: o.sliceSeconds,
        connections: o.connections,
      });
      const r = await load.next<{ reqPerS: number; p99: number; errors: number; non2xx: number }>(
        'result',
        o.sliceSeconds * 1000 + 30_000,
      );
      if (r.errors || r.non2xx) {
        throw new Error(`token bench: ${r.errors} errors, ${r.non2xx} non-2xx from ${target}`);
      }
      return r;
    };
    const real: number[] = [];
    const base: number[] = [];
    const realP99: number[] = [];
    // One unmeasured warm-up each (JIT, SQLite page cache).
    await run(url, { cookie });
    await run(baselineUrl, {});
    for (let i = 0; i < o.slices; i++) {
      const realFirst = i % 2 === 0;
      for (const which of realFirst ? ['real', 'base'] : ['base', 'real']) {
        if (which === 'real') {
          const r = await run(url, { cookie });
          real.push(r.reqPerS);
          realP99.push(r.p99);
        } else {
          base.push((await run(baselineUrl, {})).reqPerS);
        }
      }
    }
    const rate = median(real);
    const baseRate = median(base);
    log(
      `  tokens: ${Math.round(rate)} req/s (slices ${real.map(Math.round).join(', ')}), ` +
        `baseline ${Math.round(baseRate)} req/s (slices ${base.map(Math.round).join(', ')})`,
    );
    return {
      token_req_per_s: Math.round(rate),
      token_baseline_req_per_s: Math.round(baseRate),
      token_ratio: round(rate / baseRate, 3),
      token_p99_ms: round(median(realP99)),
    };
  } finally {
    await children.stop();
  }
}
