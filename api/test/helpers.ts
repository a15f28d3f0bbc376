import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as Ably from 'ably';
import pino from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { addDays, DEMO_PASSWORD, localDate, parseEvent, type TokenResponse } from '../../contract';
import type { Store } from '../../domain';
import { createApp } from '../src/app';
import type { RealtimeMode } from '../src/config';
import type { Database } from '../src/db/database';
import type { AppDeps } from '../src/deps';
import { parseApiKey } from '../src/realtime/keys';
import {
  ablyRest,
  ablyRestSender,
  ablyTokenRevoker,
  type ChannelSender,
  type Publisher,
  storeWithDelivery,
  type TokenRevoker,
} from '../src/realtime/publisher';
import { freshDatabase } from './testDatabase';

// Test harness: the real app on an ephemeral port, a database of its own seeded with the demo
// salon (SQLite in memory, or PostgreSQL in the `postgres` project: testDatabase.ts), the real
// embedded broker on port 0, and real `ably` SDK subscribers.

export type Agent = InstanceType<typeof TestAgent>;

export const DEMO = {
  olivia: 'olivia@glowdesk.test',
  max: 'max@glowdesk.test',
  rita: 'rita@glowdesk.test',
  mia: 'mia@glowdesk.test',
  leo: 'leo@glowdesk.test',
  zoe: 'zoe@glowdesk.test',
  ava: 'ava@glowdesk.test',
  ben: 'ben@glowdesk.test',
} as const;
export type DemoName = keyof typeof DEMO;

export const today = () => localDate();
/** A day with no seeded bookings: every slot is free. */
export const freeDay = (offset = 3) => addDays(localDate(), offset);

export interface TestApiOptions {
  realtime?: RealtimeMode;
  /** Replace how channel batches are sent (e.g. to simulate a broker that is down). */
  sender?: ChannelSender;
  deps?: Partial<AppDeps>;
  /** No demo data (register tests). */
  seed?: boolean;
  logger?: import('pino').Logger;
}

export interface Recorded {
  name: string;
  data: unknown;
  clientId?: string;
}

export interface TestApi {
  url: string;
  database: Database;
  store: Store;
  key: string;
  broker: RunningBroker | undefined;
  publisher: Publisher;
  /** A cookie-keeping agent signed in as that demo user (cached). */
  as(name: DemoName): Promise<Agent>;
  /** A fresh agent, signed out. */
  anon(): Agent;
  /** Realtime client with the key (sees everything). */
  keyClient(): Ably.Realtime;
  /** Realtime client authenticated like the SPA: authCallback → POST /api/ably/token. */
  clientFor(agent: Agent): Ably.Realtime;
  /** Attaches and records every message on `channel` (key client unless `client` given). */
  record(channel: string, client?: Ably.Realtime): Promise<Recorded[]>;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const mode = options.realtime ?? 'local';
  const database = await freshDatabase({ seed: options.seed !== false });

  const key = generateKey('test');
  let broker: RunningBroker | undefined;
  let sender: ChannelSender | null = options.sender ?? null;
  let revokeTokens: TokenRevoker | undefined;
  if (mode === 'local') {
    broker = await startBroker({ port: 0, host: '127.0.0.1', keys: [{ key }] });
    const rest = ablyRest({
      key,
      local: { host: '127.0.0.1', port: broker.port },
      timeoutMs: 1000,
    });
    sender ??= ablyRestSender(rest);
    revokeTokens = ablyTokenRevoker(rest);
  }
  const logger = options.logger ?? silentLogger;
  const { store, publisher } = storeWithDelivery(database, sender, logger, { retryMs: 50 });
  const app = createApp({
    database,
    store,
    sessionSecret: 'test-secret-test-secret-test-secret-0123',
    realtime: {
      mode,
      ...(broker ? { port: broker.port, key: parseApiKey(key) } : {}),
      tokenTtlS: 3600,
    },
    publisher,
    ...(revokeTokens ? { revokeTokens } : {}),
    logger,
    staticDir: null,
    rateLimits: {
      auth: { windowMs: 60_000, limit: 10_000 },
      token: { windowMs: 60_000, limit: 10_000 },
      mutation: { windowMs: 60_000, limit: 10_000 },
    },
    ...options.deps,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const agents = new Map<DemoName, Promise<Agent>>();
  const clients: Ably.Realtime[] = [];
  let keyClient: Ably.Realtime | undefined;

  const realtime = (opts: Ably.ClientOptions) => {
    if (!broker) throw new Error('realtime is off in this test api');
    const client = localRealtime(broker.port, opts);
    clients.push(client);
    return client;
  };

  const api: TestApi = {
    url,
    database,
    store,
    key,
    broker,
    publisher,
    as(name) {
      let agent = agents.get(name);
      if (!agent) {
        agent = (async () => {
          const a = request.agent(url);
          const res = await a
            .post('/api/auth/login')
            .send({ email: DEMO[name], password: DEMO_PASSWORD });
          if (res.status !== 200) throw new Error(`login ${name}: ${res.status}`);
          return a;
        })();
        agents.set(name, agent);
      }
      return agent;
    },
    anon: () => request.agent(url),
    keyClient() {
      keyClient ??= realtime({ key });
      return keyClient;
    },
    clientFor(agent) {
      return realtime({
        authCallback: (_params, callback) => {
          agent
            .post('/api/ably/token')
            .then((res) => {
              if (res.status !== 200) callback(`token ${res.status}`, null);
              else callback(null, (res.body as TokenResponse).token);
            })
            .catch((err: Error) => callback(err.message, null));
        },
      });
    },
    async record(channel, client) {
      const list: Recorded[] = [];
      const ch = (client ?? api.keyClient()).channels.get(channel);
      await ch.subscribe((m) => {
        list.push({
          name: m.name ?? '',
          data: m.data,
          ...(m.clientId ? { clientId: m.clientId } : {}),
        });
      });
      return list;
    },
    async close() {
      for (const c of clients) c.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await publisher.close();
      await broker?.close({ notifyClients: false });
      await database.close();
    },
  };
  return api;
}

/** An `ably` SDK client of a local broker on loopback, as the SPA sets it up. */
export function localRealtime(port: number, opts: Ably.ClientOptions): Ably.Realtime {
  return new Ably.Realtime({
    endpoint: '127.0.0.1',
    port,
    tls: false,
    fallbackHosts: [],
    useBinaryProtocol: false,
    logLevel: 0,
    // As the SPA against the local broker (web/src/realtime/client.ts): a refused reconnect
    // (a token revoked earlier in the same second: JWT times are whole seconds) is retried
    // in 1 s, not the SDK's 15 s.
    disconnectedRetryTimeout: 1000,
    ...opts,
  });
}

/** Polls `condition` until it holds (no fixed sleeps); fails after `timeoutMs`. */
export async function waitFor<T>(
  condition: () => T | undefined | null | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits for a message called `name` on a recorded channel and returns its data, schema-checked. */
export async function waitForEvent(list: Recorded[], name: string, timeoutMs = 5000) {
  const found = await waitFor(() => list.find((m) => m.name === name), timeoutMs, name);
  const parsed = parseEvent(name, found.data);
  if (parsed === null) throw new Error(`event ${name} does not match its schema`);
  return parsed as Record<string, unknown>;
}
