import { childGroup } from './lib/child';
import { round } from './lib/stats';

// Memory per idle authenticated connection: the broker's RSS (after GC) before and after N
// connections, each authenticated with its own Ably JWT, open from separate processes — and,
// in the same run, the same for a plain `ws` server holding the same number of bare sockets
// (the baseline: what any WebSocket server pays per connection). The ratio is the broker's
// own cost per connection over the socket's.
//
// File descriptors: every socket is one descriptor on each end. The server side of N
// connections needs N + ~30 descriptors in one process; the clients are spread over
// `clientProcs` processes. `ulimit -n` here is raised to the hard limit for every child
// (spawnChild), and N is capped to what that limit allows (reported as `idle_connections`).

export interface IdleOptions {
  connections: number;
  clientProcs: number;
}

async function measure(
  mode: 'broker' | 'baseline',
  o: IdleOptions,
  lifeMs: number,
): Promise<{ kb: number; before: number; after: number }> {
  const children = childGroup(lifeMs);
  try {
    const server = children.spawn('broker-server.ts', {
      execArgv: ['--expose-gc'],
      env: { BENCH_MODE: mode },
    });
    const { port, key } = await server.next<{ port: number; key: string }>('ready', 30_000);
    const read = async () => {
      server.send({ type: 'rss' });
      return server.next<{ rss: number; connections: number }>('rss', 30_000);
    };
    const before = await read();
    const per = Math.ceil(o.connections / o.clientProcs);
    const clients = [];
    for (let i = 0; i < o.clientProcs; i++) {
      const count = Math.min(per, o.connections - i * per);
      clients.push(
        children.spawn('idle-clients.ts', {
          env: {
            BENCH_MODE: mode,
            BENCH_PORT: String(port),
            BENCH_KEY: key,
            BENCH_FROM: String(i * per),
            BENCH_CONNECTIONS: String(count),
          },
        }),
      );
    }
    for (const c of clients) await c.next('ready', lifeMs - 20_000);
    const after = await read();
    if (after.connections < o.connections) {
      throw new Error(
        `${mode}: only ${after.connections} of ${o.connections} connections are live`,
      );
    }
    return {
      kb: (after.rss - before.rss) / 1024 / o.connections,
      before: before.rss,
      after: after.rss,
    };
  } finally {
    await children.stop();
  }
}

export async function benchIdleMemory(o: IdleOptions, log: (s: string) => void) {
  const lifeMs = 120_000 + o.connections * 10;
  const broker = await measure('broker', o, lifeMs);
  const base = await measure('baseline', o, lifeMs);
  const mib = (b: number) => round(b / 2 ** 20, 1);
  log(
    `  idle: ${o.connections} connections; broker RSS ${mib(broker.before)} → ${mib(broker.after)} MiB ` +
      `(${round(broker.kb, 1)} KB each), plain ws ${mib(base.before)} → ${mib(base.after)} MiB ` +
      `(${round(base.kb, 1)} KB each)`,
  );
  const p = o.connections >= 10_000 ? 'idle20k' : 'idle';
  return {
    idle_connections: o.connections,
    [`${p}_kb_per_connection`]: round(broker.kb, 1),
    [`${p}_baseline_kb_per_connection`]: round(base.kb, 1),
    [`${p}_kb_ratio`]: round(broker.kb / base.kb, 3),
  };
}
