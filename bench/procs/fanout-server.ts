import { WebSocket, WebSocketServer } from 'ws';
import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { childMain, reply } from '../lib/child';
import { answerCpu, startCpuSampler } from '../lib/cpu';

// Fan-out and chat server under test, alone in its process. BENCH_MODE=broker: the real
// broker (inbound rate limit raised so the one publisher is never throttled);
// BENCH_MODE=baseline: a plain `ws` server that relays each frame it receives, byte for byte,
// to every other client (fan-out's baseline); BENCH_MODE=router: a plain `ws` server doing
// only the routing the chat bench needs (chat's baseline, see `startRouter`).

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
} else if (mode === 'router') {
  reply({ type: 'ready', port: await startRouter(), key: '' });
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

/**
 * The chat bench's baseline: the least a server must do for two-member conversations with
 * presence. It answers the connect (CONNECTED) and ATTACH (ATTACHED) and keeps channel →
 * members; a MESSAGE goes to the channel's other members and a PRESENCE to all of them (the
 * broker's echo rules), each once, serialised once with the fields the broker adds (ids,
 * connectionId, timestamp, channelSerial), and the sender gets its ACK. No auth, capability,
 * validation, history, presence set or limits: those are the broker's overhead.
 */
async function startRouter(): Promise<number> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  wss = server;
  const members = new Map<string, Set<WebSocket>>();
  let connections = 0;
  let serial = 0;
  server.on('connection', (ws) => {
    const id = `r${(connections++).toString(36)}`;
    const joined: string[] = [];
    ws.send(
      JSON.stringify({ action: 4, connectionId: id, connectionDetails: { connectionKey: id } }),
    );
    ws.on('message', (data) => {
      const pm = JSON.parse(String(data)) as {
        action: number;
        channel: string;
        msgSerial: number;
        messages?: Array<Record<string, unknown>>;
        presence?: Array<Record<string, unknown>>;
      };
      if (pm.action === 10) {
        let set = members.get(pm.channel);
        if (!set) {
          set = new Set();
          members.set(pm.channel, set);
        }
        set.add(ws);
        joined.push(pm.channel);
        ws.send(JSON.stringify({ action: 11, channel: pm.channel, flags: 0 }));
        return;
      }
      if (pm.action !== 15 && pm.action !== 14) return;
      const now = Date.now();
      const channelSerial = `r:${(serial++).toString(36)}`;
      const stamp = (m: Record<string, unknown>, i: number) => ({
        ...m,
        id: `${id}:${pm.msgSerial}:${i}`,
        connectionId: id,
        timestamp: now,
      });
      const frame = JSON.stringify(
        pm.action === 15
          ? {
              action: 15,
              id: `${id}:${pm.msgSerial}`,
              channel: pm.channel,
              channelSerial,
              connectionId: id,
              timestamp: now,
              messages: (pm.messages ?? []).map(stamp),
            }
          : {
              action: 14,
              channel: pm.channel,
              channelSerial,
              timestamp: now,
              presence: (pm.presence ?? []).map(stamp),
            },
      );
      for (const c of members.get(pm.channel) ?? []) {
        if ((pm.action === 14 || c !== ws) && c.readyState === WebSocket.OPEN) c.send(frame);
      }
      ws.send(JSON.stringify({ action: 1, msgSerial: pm.msgSerial, count: 1 }));
    });
    ws.on('close', () => {
      for (const name of joined) members.get(name)?.delete(ws);
    });
    ws.on('error', () => {});
  });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const address = server.address();
  return address && typeof address === 'object' ? address.port : 0;
}
