import WebSocket from 'ws';
import { createAblyJwt } from '../../broker/core';
import { childMain, reply } from '../lib/child';
import { attachRaw, connectRaw, pool } from '../lib/raw';

// N raw protocol connections held open and idle (heartbeats aside), in their own process.
// Each authenticates with its own Ably JWT (clientId `idle-<i>`, the SPA's kind of token),
// and attaches BENCH_CHANNEL when one is given. Replies `ready` once all are CONNECTED.

const port = Number(process.env.BENCH_PORT);
const key = process.env.BENCH_KEY!;
const n = Number(process.env.BENCH_CONNECTIONS ?? 100);
const channel = process.env.BENCH_CHANNEL ?? '';
/** First client index (several processes share one population of clients). */
const from = Number(process.env.BENCH_FROM ?? 0);
/** `plain`: bare WebSocket connections, no protocol (the memory baseline's clients). */
const plain = process.env.BENCH_MODE === 'baseline';

function openPlain(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const tokenFor = (i: number) =>
  createAblyJwt(key, { clientId: `idle-${i}`, capability: { '*': ['subscribe'] } });

let sockets: WebSocket[] = [];
childMain(
  () => {},
  () => {
    for (const ws of sockets) ws.terminate();
  },
);

sockets = await pool(
  Array.from({ length: n }, (_, i) => from + i),
  100,
  async (i) => {
    if (plain) return openPlain();
    const ws = await connectRaw({
      port,
      auth: { accessToken: await tokenFor(i) },
      timeoutMs: 60_000,
    });
    // `{client}` in BENCH_CHANNEL: each client attaches a channel of its own.
    if (channel) await attachRaw(ws, channel.replace('{client}', `idle-${i}`));
    return ws;
  },
);
reply({ type: 'ready', connections: sockets.length });
