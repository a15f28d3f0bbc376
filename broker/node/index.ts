import type { AddressInfo } from 'node:net';
import {
  BrokerEngine,
  type BrokerStats,
  generateKey as coreGenerateKey,
  errors,
  type PublishResult,
} from '../core';
import { createNodeServer } from './server';

export type { BrokerStats, PublishResult } from '../core';
export { BrokerEngine } from '../core';

export interface BrokerKey {
  /** 'appId.keyId:secret' */
  key: string;
  /** Default: everything, `{"*":["*"]}`. */
  capability?: Record<string, string[]>;
}

export interface BrokerLogger {
  debug(...a: unknown[]): void;
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
}

export interface StartBrokerOptions {
  /** 0 = a random free port. Default 8081. */
  port?: number;
  /** Interface to bind. Default '127.0.0.1' (the CLI defaults to '0.0.0.0'). */
  host?: string;
  keys: BrokerKey[];
  /** How long a dropped connection stays resumable (default 120 000 ms). */
  connectionStateTtlMs?: number;
  /** Promised max silence before a heartbeat (default 15 000 ms). */
  maxIdleIntervalMs?: number;
  /** Presence leave delay after an abrupt drop (default 15 000 ms). */
  presenceLeaveDelayMs?: number;
  /** Max bytes of messages in one publish (default 65 536). */
  maxMessageSize?: number;
  /** Max WebSocket frame (default 524 288); bigger frames close that socket. */
  maxFrameSize?: number;
  /** History retention: at most this many messages per channel (default 1000)… */
  historyMaxMessages?: number;
  /** …and none older than this (default 120 000 ms). */
  historyMaxAgeMs?: number;
  /** Idempotent publishing: how long a message id is remembered per channel (default 120 000 ms)… */
  idempotencyWindowMs?: number;
  /** …and at most this many ids per channel (default 10 000). */
  idempotencyMaxIds?: number;
  /** Live connections one clientId may hold; more are refused with 40151 (default 50). */
  maxConnectionsPerClient?: number;
  /** revokeTokens with allowReauthMargin: time live connections get to re-auth (default 30 000 ms). */
  revocationReauthMarginMs?: number;
  /** Max live connections (default 10 000). */
  maxConnections?: number;
  /** Inbound frames per second per connection (default 1000, burst 2×). */
  maxInboundRate?: number;
  maxInboundBurst?: number;
  /** Slow-consumer limit: bytes queued on one socket before it is cut (default 8 MiB). */
  maxOutboundBufferBytes?: number;
  logger?: BrokerLogger;
}

export interface CloseOptions {
  /**
   * Default true: tell live clients DISCONNECTED (80003) so the SDK reconnects on its own
   * (to this port once the broker is back). false: just drop the sockets.
   */
  notifyClients?: boolean;
}

export interface RunningBroker {
  port: number;
  host: string;
  engine: BrokerEngine;
  stats(): BrokerStats;
  /**
   * Publishes from the embedding process, as `POST /channels/:channel/messages` with the
   * broker's key would (same engine call: validation, idempotency by message id, history,
   * fan-out), without the HTTP round trip. `messages` are wire messages (data a string or
   * bytes, `encoding` set by the caller). Throws AblyError; 80003 once `close()` was called.
   */
  publish(channel: string, messages: unknown): PublishResult;
  close(options?: CloseOptions): Promise<void>;
}

export function generateKey(appId?: string): string {
  return coreGenerateKey(appId);
}

export async function startBroker(options: StartBrokerOptions): Promise<RunningBroker> {
  if (!options.keys || options.keys.length === 0) throw new Error('startBroker: keys is required');
  const maxFrameSize = options.maxFrameSize ?? 524_288;
  const engine = new BrokerEngine({ ...options, maxFrameSize });
  const host = options.host ?? '127.0.0.1';
  const server = createNodeServer({ engine, maxFrameSize });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => {
      engine.close();
      reject(e);
    };
    server.http.once('error', onError);
    // A reconnect storm (thousands of clients back at once after a restart) overflows Node's
    // default accept queue of 511; dropped SYNs come back only after 1 s, 3 s, 7 s.
    server.http.listen({ port: options.port ?? 8081, host, backlog: 4096 }, () => {
      server.http.off('error', onError);
      resolve();
    });
  });
  const port = (server.http.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    port,
    host,
    engine,
    stats: () => engine.stats(),
    publish(channel, messages) {
      if (closing) throw errors.serverShutdown();
      return engine.publish(channel, messages);
    },
    close(closeOptions?: CloseOptions) {
      closing ??= (async () => {
        if (closeOptions?.notifyClients === false) {
          for (const ws of server.sockets) ws.terminate();
        }
        engine.close();
        await new Promise<void>((resolve) => {
          server.http.close(() => resolve());
          server.http.closeAllConnections();
          // Sockets that ignore the close handshake are cut after a grace period.
          const t = setTimeout(() => {
            for (const ws of server.sockets) ws.terminate();
          }, 1000);
          t.unref();
        });
        server.wss.close();
      })();
      return closing;
    },
  };
}
