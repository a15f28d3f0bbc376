import * as Ably from 'ably';
import { WebSocket } from 'ws';
import { createAblyJwt } from '../core';
import { generateKey, type RunningBroker, type StartBrokerOptions, startBroker } from '../node';

// Shared test helpers: real broker on a free port, real SDK clients, raw sockets, and
// waits on events/conditions (never fixed sleeps).

export interface TestBroker {
  broker: RunningBroker;
  port: number;
  key: string;
  keyName: string;
  url: string;
  /** Realtime client pointed at this broker (JSON unless `useBinaryProtocol: true`). */
  realtime(opts?: Ably.ClientOptions, port?: number): Ably.Realtime;
  rest(opts?: Ably.ClientOptions): Ably.Rest;
  jwt(opts?: {
    clientId?: string;
    capability?: Record<string, string[]>;
    ttlSeconds?: number;
    /** Issue time (ms) the token claims; default now. */
    nowMs?: number;
  }): Promise<string>;
  raw(query?: Record<string, string>): Promise<RawClient>;
  close(): Promise<void>;
}

const open: Array<{ close(): unknown }> = [];

export async function startTestBroker(opts: Partial<StartBrokerOptions> = {}): Promise<TestBroker> {
  const key = opts.keys?.[0]?.key ?? generateKey('test');
  const broker = await startBroker({ port: 0, keys: [{ key }], ...opts });
  const port = broker.port;
  const keyName = key.slice(0, key.indexOf(':'));
  const tb: TestBroker = {
    broker,
    port,
    key,
    keyName,
    url: `http://127.0.0.1:${port}`,
    realtime(o = {}, p = port) {
      const client = new Ably.Realtime({
        endpoint: '127.0.0.1',
        port: p,
        tls: false,
        fallbackHosts: [],
        useBinaryProtocol: false,
        logLevel: 0,
        ...(o.authCallback || o.token || o.tokenDetails || o.authUrl ? {} : { key }),
        ...o,
      } as Ably.ClientOptions);
      open.push({ close: () => client.close() });
      return client;
    },
    rest(o = {}) {
      return new Ably.Rest({
        endpoint: '127.0.0.1',
        port,
        tls: false,
        fallbackHosts: [],
        logLevel: 0,
        ...(o.authCallback || o.token || o.tokenDetails ? {} : { key }),
        ...o,
      } as Ably.ClientOptions);
    },
    jwt: (o = {}) => createAblyJwt(key, o),
    raw: (query = {}) => rawClient(port, { key, format: 'json', ...query }),
    close: () => broker.close(),
  };
  open.push({ close: () => broker.close() });
  return tb;
}

/** Closes every client and broker created by the helpers (call in afterEach). */
export async function closeAll(): Promise<void> {
  const items = open.splice(0).reverse();
  for (const item of items) {
    try {
      await item.close();
    } catch {
      // already closed
    }
  }
}

export async function waitFor<T>(
  check: () => T | undefined | null | false,
  what = 'condition',
  timeoutMs = 8000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function connected(client: Ably.Realtime): Promise<unknown> {
  return client.connection.whenState('connected');
}

/** Subscribes and records every message; `until(n)` waits for n of them. */
export async function recorder(channel: Ably.RealtimeChannel, event?: string) {
  const messages: Ably.InboundMessage[] = [];
  const listener = (m: Ably.InboundMessage) => {
    messages.push(m);
  };
  if (event) await channel.subscribe(event, listener);
  else await channel.subscribe(listener);
  return {
    messages,
    until: (n: number, timeoutMs?: number) =>
      waitFor(
        () => messages.length >= n && messages,
        `${n} messages on ${channel.name}`,
        timeoutMs,
      ),
  };
}

export function onceState(client: Ably.Realtime, state: Ably.ConnectionState) {
  return new Promise<Ably.ConnectionStateChange>((resolve) =>
    client.connection.once(state, (change) => resolve(change)),
  );
}

// ─── raw WebSocket client speaking the protocol by hand ─────────────────────────

export interface RawClient {
  ws: WebSocket;
  frames: Array<Record<string, unknown>>;
  closed: Promise<{ code: number }>;
  send(data: unknown): void;
  sendRaw(data: string | Buffer): void;
  next(
    pred: (f: Record<string, unknown>) => boolean,
    what?: string,
  ): Promise<Record<string, unknown>>;
  close(): void;
}

export function rawClient(port: number, query: Record<string, string>): Promise<RawClient> {
  const qs = new URLSearchParams(query).toString();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/?${qs}`);
  const frames: Array<Record<string, unknown>> = [];
  let seen = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    try {
      frames.push(JSON.parse(String(data)));
    } catch {
      // ignore
    }
  });
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.on('close', (code) => resolve({ code })),
  );
  ws.on('error', () => {});
  const client: RawClient = {
    ws,
    frames,
    closed,
    send: (d) => ws.send(JSON.stringify(d)),
    sendRaw: (d) => ws.send(d),
    async next(pred, what = 'frame') {
      const f = await waitFor(() => {
        for (let i = seen; i < frames.length; i++) {
          if (pred(frames[i]!)) {
            seen = i + 1;
            return frames[i];
          }
        }
        return undefined;
      }, what);
      return f;
    },
    close: () => ws.close(),
  };
  open.push({ close: () => ws.terminate() });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}
