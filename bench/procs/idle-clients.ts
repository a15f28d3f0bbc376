import type WebSocket from 'ws';
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
  Array.from({ length: n }, (_, i) => i),
  50,
  async (i) => {
    const ws = await connectRaw({ port, auth: { accessToken: await tokenFor(i) } });
    if (channel) await attachRaw(ws, channel);
    return ws;
  },
);
reply({ type: 'ready', connections: sockets.length });
