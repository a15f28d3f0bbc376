import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { childMain, reply } from '../lib/child';

// The broker alone in its process, for memory measurements. Run with --expose-gc: `rss`
// collects garbage twice before reading, so the reading is live memory, not lazy GC.

const key = generateKey('bench');
const broker: RunningBroker = await startBroker({
  port: 0,
  host: '127.0.0.1',
  keys: [{ key }],
  maxConnections: 20_000,
});

const settle = () => new Promise<void>((r) => setTimeout(r, 200));
async function rss(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    await settle();
  }
  return process.memoryUsage().rss;
}

childMain(
  async (msg) => {
    if (msg.type === 'rss') {
      reply({ type: 'rss', rss: await rss(), connections: broker.stats().connections });
    }
  },
  async () => {
    await broker.close({ notifyClients: false });
  },
);
reply({ type: 'ready', port: broker.port, key });
