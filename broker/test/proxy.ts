import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the broker that can cut every live connection (both sides
 * destroyed: an abrupt network drop, no WebSocket close frame) and hold new connections
 * (as if the network were still down) until `release()`.
 */
export interface FaultProxy {
  port: number;
  /** Destroys all live client↔broker pairs. */
  cut(): void;
  /** While held, new client sockets wait without reaching the broker. */
  hold(): void;
  release(): void;
  /** Number of client sockets accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<FaultProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const waiting: Socket[] = [];
  let held = false;
  let accepted = 0;

  const pipe = (client: Socket) => {
    if (client.destroyed) return;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  };

  const server: Server = createServer((client) => {
    accepted++;
    client.pause();
    client.on('error', () => client.destroy());
    if (held) waiting.push(client);
    else pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    cut() {
      for (const [a, b] of [...pairs]) {
        a.resetAndDestroy();
        b.resetAndDestroy();
      }
      pairs.clear();
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
      for (const c of waiting.splice(0)) pipe(c);
    },
    accepted: () => accepted,
    close() {
      for (const c of waiting.splice(0)) c.destroy();
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
