import { WebSocket, WebSocketServer } from 'ws';
import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { childMain, reply } from '../lib/child';
import { answerCpu, startCpuSampler } from '../lib/cpu';

// Fan-out server under test, alone in its process. BENCH_MODE=broker: the real broker
// (inbound rate limit raised so the one publisher is never throttled); BENCH_MODE=baseline:
// a plain `ws` server that relays each frame it receives, byte for byte, to every other client.

const mode = process.env.BENCH_MODE;
let broker: RunningBroker | undefined;
let wss: WebSocketServer | undefined;

startCpuSampler();
childMain(answerCpu, async () => {
  await broker?.close({ notifyClients: false });
  wss?.close();
});

if (mode === 'broker') {
  const key = generateKey('bench');
  broker = await startBroker({
    port: 0,
    host: '127.0.0.1',
    keys: [{ key }],
    maxInboundRate: 100_000,
    maxInboundBurst: 100_000,
    maxConnections: 20_000,
  });
  reply({ type: 'ready', port: broker.port, key });
} else {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  wss = server;
  server.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      for (const c of server.clients) {
        if (c !== ws && c.readyState === WebSocket.OPEN) c.send(data, { binary: isBinary });
      }
    });
  });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const address = server.address();
  reply({
    type: 'ready',
    port: address && typeof address === 'object' ? address.port : 0,
    key: '',
  });
}
