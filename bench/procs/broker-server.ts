import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { childMain, reply } from '../lib/child';

// A server alone in its process, for memory measurements. BENCH_MODE=broker (default): the
// broker; BENCH_MODE=baseline: a plain `ws` server that accepts sockets and holds them, the
// least any WebSocket server can keep per connection. Run with --expose-gc: `rss` collects
// garbage twice before reading, so the reading is live memory, not lazy GC.
// The storm bench runs it as the standalone broker it restarts: BENCH_KEY and BENCH_PORT
// then keep the key and port the same across the restart.

const mode = process.env.BENCH_MODE ?? 'broker';
const key = process.env.BENCH_KEY || generateKey('bench');
let broker: RunningBroker | undefined;
let wss: WebSocketServer | undefined;
let port: number;
if (mode === 'broker') {
  broker = await startBroker({
    port: Number(process.env.BENCH_PORT ?? 0),
    host: '127.0.0.1',
    keys: [{ key }],
    maxConnections: 25_000,
    // The storm's clients are all one desk user (its 2,000 tabs), above the default 50.
    maxConnectionsPerClient: 25_000,
  });
  port = broker.port;
} else {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  wss = server;
  server.on('connection', (ws) => ws.on('error', () => {}));
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as AddressInfo).port;
}

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
      const connections = broker ? broker.stats().connections : (wss?.clients.size ?? 0);
      reply({ type: 'rss', rss: await rss(), connections });
    }
  },
  async () => {
    await broker?.close({ notifyClients: false });
    wss?.close();
  },
);
reply({ type: 'ready', port, key });
