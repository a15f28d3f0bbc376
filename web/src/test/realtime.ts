import { createHmac } from 'node:crypto';
import type { RealtimeClient } from 'ably';
import { BaseRealtime, FetchRequest, RealtimePresence, WebSocketTransport } from 'ably/modular';
import { generateKey, type RunningBroker, startBroker } from '../../../broker/node';

// Component tests talk to the real local broker in process (docs/architecture.md §9), with the same
// `ably/modular` client the SPA uses.

export interface TestBroker {
  broker: RunningBroker;
  key: string;
  /** An Ably JWT for `clientId` with `capability`, as `POST /api/ably/token` would mint. */
  token(clientId: string, capability: Record<string, string[]>): string;
  /** A browser-like client authenticating with tokens from `token()`. */
  client(clientId: string, capability: Record<string, string[]>): RealtimeClient;
  /** Server-side publish over REST (what the API does after a commit). */
  publish(channel: string, name: string, data: unknown): Promise<void>;
  close(): Promise<void>;
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export async function startTestBroker(): Promise<TestBroker> {
  const key = generateKey('test');
  const broker = await startBroker({ port: 0, keys: [{ key }] });
  const [keyName, secret] = key.split(':') as [string, string];
  const clients: RealtimeClient[] = [];

  const token = (clientId: string, capability: Record<string, string[]>) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: keyName }));
    const claims = b64url(
      JSON.stringify({
        iat: now,
        exp: now + 600,
        'x-ably-capability': JSON.stringify(capability),
        'x-ably-clientId': clientId,
      }),
    );
    const sig = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
    return `${header}.${claims}.${sig}`;
  };

  return {
    broker,
    key,
    token,
    client(clientId, capability) {
      const client = new BaseRealtime({
        endpoint: 'localhost',
        port: broker.port,
        tls: false,
        fallbackHosts: [],
        clientId,
        authCallback: (_p, cb) => cb(null, token(clientId, capability)),
        plugins: { WebSocketTransport, FetchRequest, RealtimePresence },
      }) as unknown as RealtimeClient;
      clients.push(client);
      return client;
    },
    async publish(channel, name, data) {
      const res = await fetch(
        `http://localhost:${broker.port}/channels/${encodeURIComponent(channel)}/messages`,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(key).toString('base64')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ name, data }),
        },
      );
      if (!res.ok) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
    },
    async close() {
      // Let queued operations (e.g. a presence leave on unmount) finish before closing.
      await Promise.allSettled(
        clients.flatMap((c) =>
          Object.values(
            (c.channels as unknown as { all: Record<string, { detach(): Promise<void> }> }).all,
          ).map((ch) => ch.detach()),
        ),
      );
      for (const c of clients) c.close();
      await broker.close({ notifyClients: false });
    },
  };
}
