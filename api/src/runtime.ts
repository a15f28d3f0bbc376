import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type * as Ably from 'ably';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { type RunningBroker, startBroker } from '../../broker/node/index';
import { createApp, DEFAULT_STATIC_DIR } from './app';
import type { Config } from './config';
import { type Database, openSqlite } from './db/database';
import { openPostgres } from './db/postgres';
import { ensureBranch, seedDemo } from './db/seed';
import type { AppDeps, RealtimeSettings } from './deps';
import { createLogger } from './logger';
import { brokerSender } from './realtime/brokerSender';
import { type ApiKey, loadOrCreateLocalKey, parseApiKey } from './realtime/keys';
import {
  ablyRest,
  ablyRestSender,
  ablyTokenRevoker,
  type Publisher,
  storeWithDelivery,
} from './realtime/publisher';

export interface StartOptions {
  /** Overrides for createApp (rate limits, clock, staticDir…). */
  app?: Partial<Omit<AppDeps, 'database' | 'realtime' | 'publisher' | 'logger' | 'sessionSecret'>>;
  /** Interface for the HTTP server (default: all interfaces, like the broker). */
  host?: string;
  /** Interface for the embedded broker (default '0.0.0.0', see ADR 0022). */
  brokerHost?: string;
  /** SQLite file (default DATA_DIR/glowdesk.db); ':memory:' for a throwaway database. */
  databaseFile?: string;
  /** PostgreSQL connections in this process (default 10). */
  poolSize?: number;
  logger?: Logger;
}

/** A running Glowdesk: API (+ SPA) and, in local mode, the embedded broker. */
export interface Glowdesk {
  url: string;
  port: number;
  realtimePort: number | undefined;
  app: Express;
  server: Server;
  database: Database;
  broker: RunningBroker | undefined;
  publisher: Publisher;
  logger: Logger;
  /** Graceful stop: no new connections, in-flight publishes drained, broker told clients to reconnect, db closed. */
  close(): Promise<void>;
}

/** Starts everything `npm run serve` starts, from a validated Config. Used by server.ts, e2e and bench. */
export async function startGlowdesk(config: Config, options: StartOptions = {}): Promise<Glowdesk> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = config.databaseUrl
    ? await openPostgres(config.databaseUrl, { poolSize: options.poolSize })
    : openSqlite(options.databaseFile ?? join(config.dataDir, 'glowdesk.db'));
  if (config.seedDemo) {
    if (await seedDemo(database)) logger.info('seeded the demo salon');
  } else {
    await ensureBranch(database);
  }

  let broker: RunningBroker | undefined;
  let key: ApiKey | undefined;
  let rest: Ably.Rest | null = null;
  let realtimePort: number | undefined;
  if (config.realtime === 'local' && config.broker) {
    // A standalone broker (`npm run broker`): it can stop and restart on its own.
    key = parseApiKey(config.broker.key);
    realtimePort = Number(config.broker.url.port || 80);
    rest = ablyRest({
      key: key.key,
      local: { host: config.broker.url.hostname, port: realtimePort },
    });
  } else if (config.realtime === 'local') {
    key = loadOrCreateLocalKey(config.dataDir);
    broker = await startBroker({
      port: config.realtimePort,
      host: options.brokerHost ?? '0.0.0.0',
      keys: [{ key: key.key }],
      logger: brokerLogger(logger),
    });
    realtimePort = broker.port;
    rest = ablyRest({ key: key.key, local: { host: '127.0.0.1', port: broker.port } });
  } else if (config.realtime === 'ably') {
    key = parseApiKey(config.ablyApiKey!);
    rest = ablyRest({ key: key.key, timeoutMs: 5000 });
  }
  // Embedded broker: in-process publish; a standalone broker or Ably: the REST client.
  const send = broker ? brokerSender(broker) : rest && ablyRestSender(rest);
  const { store, publisher } = storeWithDelivery(database, send, logger);

  const realtime: RealtimeSettings = {
    mode: config.realtime,
    ...(realtimePort ? { port: realtimePort } : {}),
    ...(key ? { key } : {}),
    tokenTtlS: config.tokenTtlS,
  };
  const app = createApp({
    staticDir: DEFAULT_STATIC_DIR,
    ...options.app,
    database,
    store,
    realtime,
    publisher,
    ...(rest ? { revokeTokens: ablyTokenRevoker(rest) } : {}),
    logger,
    sessionSecret: config.sessionSecret,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, options.host ?? config.host ?? '0.0.0.0', (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
    s.once('error', reject);
  });
  // Idle keep-alive sockets stay open longer than a load balancer's or client's own idle
  // timeout (60 s is common): the other side closes first, so a request is never sent on a
  // socket the server is closing at that moment (an ECONNRESET with Node's 5 s default).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Keep-alive sockets mid-request get a moment; then they go too.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      // A moment to hand over what is committed; the rest waits in the outbox for the next start.
      await Promise.race([publisher.idle(), new Promise((r) => setTimeout(r, 2000).unref())]);
      await publisher.close();
      await broker?.close();
      await database.close();
    })();
    return closing;
  };

  return {
    url: `http://localhost:${port}`,
    port,
    realtimePort,
    app,
    server,
    database,
    broker,
    publisher,
    logger,
    close,
  };
}

function brokerLogger(logger: Logger) {
  const child = logger.child({ component: 'broker' });
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (typeof first === 'string') child[level]({ args: rest.length ? rest : undefined }, first);
      else child[level]({ detail: first, args: rest.length ? rest : undefined });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
