import { childGroup } from './lib/child';
import { round } from './lib/stats';

// Broker memory per idle authenticated connection: the broker's RSS (after GC) before and
// after N JWT-authenticated connections open from a separate process, divided by N.

export async function benchIdleMemory(o: { connections: number }, log: (s: string) => void) {
  const lifeMs = 120_000 + o.connections * 20;
  const children = childGroup(lifeMs);
  try {
    const broker = children.spawn('broker-server.ts', { execArgv: ['--expose-gc'] });
    const { port, key } = await broker.next<{ port: number; key: string }>('ready', 30_000);
    const read = async () => {
      broker.send({ type: 'rss' });
      return broker.next<{ rss: number; connections: number }>('rss', 30_000);
    };
    const before = await read();
    const clients = children.spawn('idle-clients.ts', {
      env: { BENCH_PORT: String(port), BENCH_KEY: key, BENCH_CONNECTIONS: String(o.connections) },
    });
    await clients.next('ready', lifeMs - 20_000);
    const after = await read();
    if (after.connections < o.connections) {
      throw new Error(`only ${after.connections} of ${o.connections} connections are live`);
    }
    const kb = (after.rss - before.rss) / 1024 / o.connections;
    log(
      `  idle: ${o.connections} connections, broker RSS ${round(before.rss / 2 ** 20, 1)} → ` +
        `${round(after.rss / 2 ** 20, 1)} MiB, ${round(kb, 1)} KB each`,
    );
    return { idle_kb_per_connection: round(kb, 1) };
  } finally {
    await children.stop();
  }
}
