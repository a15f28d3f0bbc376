import type { AddressInfo } from 'node:net';
import express from 'express';
import { childMain, reply } from '../lib/child';

// Baseline for the token bench: a bare Express route answering POST /api/ably/token with a
// fixed JSON body of the same shape and size as a real customer token response.

const body = JSON.parse(process.env.BENCH_BODY ?? '{}') as unknown;
const app = express();
app.post('/api/ably/token', (_req, res) => {
  res.json(body);
});
const server = app.listen(0, '127.0.0.1');
await new Promise<void>((r) => server.once('listening', () => r()));
childMain(
  () => {},
  () => {
    server.close();
  },
);
reply({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
