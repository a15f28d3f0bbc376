import { onAttach, onDetach, onSync } from './attach';
import { onAuth } from './auth';
import { decodeFrame, encodeFrame } from './codec';
import { type Connection, type FrameSink, Handle } from './connection';
import { credentialsFrom } from './credentials';
import { randomId } from './encoding';
import { type AblyError, errors, isTokenError, toAblyError } from './errors';
import {
  clientConnectionLimit,
  cutSlowConsumer,
  discard,
  disconnectAll,
  dropTransport,
  establish,
  fail,
  tickConnections,
} from './lifecycle';
import { type BrokerEngineOptions, resolveOptions } from './options';
import { onPresence } from './presence';
import { Action, type Format, type WirePresenceMessage } from './protocol';
import { onMessage, type PublishOptions, type PublishResult, publish } from './publish';
import * as queries from './queries';
import { type RevocationResult, revokeTokens } from './revoke';
import { BrokerState } from './state';
import { KeyStore } from './tokens';
import {
  type ConnectionHandle,
  type Logger,
  safeClose,
  safeSend,
  silentLogger,
  type Transport,
} from './transport';
import { isNonNegativeInt, isRecord } from './validate';

export type { BrokerEngineOptions } from './options';
export type { PublishOptions, PublishResult } from './publish';
export type { BrokerStats, HistoryRequest } from './queries';
export type { ConnectionHandle, Logger, Transport } from './transport';
export { silentLogger } from './transport';

/**
 * The protocol engine's front door: accepts sockets, dispatches their frames to the concept
 * modules (lifecycle, attach, presence, publish, auth), and serves the server-side API
 * (publish and the queries). Platform-agnostic: transports are injected, timers and crypto
 * are web-standard. Protocol contract: docs/architecture.md §9.
 */
export class BrokerEngine implements FrameSink {
  readonly keys: KeyStore;
  readonly logger: Logger;
  private readonly state: BrokerState;
  private readonly ticker: ReturnType<typeof setInterval>;
  private lastHousekeeping = 0;

  constructor(options: BrokerEngineOptions) {
    this.keys = new KeyStore(options.keys);
    this.logger = options.logger ?? silentLogger;
    const config = resolveOptions(options, `glowdesk-broker-${randomId(6)}`);
    this.state = new BrokerState(config, this.keys, this.logger, () => this.now());
    this.state.onSlowConsumer = (conn) => cutSlowConsumer(this.state, conn);
    // One timer for all connections: heartbeats and housekeeping, never one per socket.
    this.ticker = setInterval(() => this.tick(), config.tickMs);
    (this.ticker as { unref?: () => void }).unref?.();
  }

  // The resolved limits, read by the transport and by tests.
  get serverId(): string {
    return this.state.config.serverId;
  }
  get connectionStateTtl(): number {
    return this.state.config.connectionStateTtl;
  }
  get maxIdleInterval(): number {
    return this.state.config.maxIdleInterval;
  }
  get presenceLeaveDelay(): number {
    return this.state.config.presenceLeaveDelay;
  }
  get maxMessageSize(): number {
    return this.state.config.maxMessageSize;
  }
  get maxFrameSize(): number {
    return this.state.config.maxFrameSize;
  }
  get maxConnections(): number {
    return this.state.config.maxConnections;
  }
  get inboundRate(): number {
    return this.state.config.inboundRate;
  }
  get inboundBurst(): number {
    return this.state.config.inboundBurst;
  }
  get maxOutboundBufferBytes(): number {
    return this.state.config.maxOutboundBufferBytes;
  }
  get counters(): BrokerState['counters'] {
    return this.state.counters;
  }

  now(): number {
    return Date.now();
  }

  // ─── sockets ────────────────────────────────────────────────────────────────

  /**
   * A new socket arrived with the connect query (`key`/`access_token`, `format`, `echo`,
   * `heartbeats`, `resume`/`recover`, `clientId`). Returns the handle the transport feeds.
   */
  openConnection(
    query: Record<string, string | undefined>,
    headers: Record<string, string | undefined>,
    transport: Transport,
  ): ConnectionHandle {
    const handle = new Handle(this, transport);
    const format: Format = query.format === 'msgpack' ? 'msgpack' : 'json';
    const reject = (err: AblyError) => {
      // Token errors travel as DISCONNECTED so the SDK renews its token (RTN14b);
      // anything else is fatal (ERROR → FAILED).
      const retryLater = err.code === 40150 || err.code === 40151;
      const action = isTokenError(err) || retryLater ? Action.DISCONNECTED : Action.ERROR;
      safeSend(transport, encodeFrame({ action, error: err.toWire() }, format));
      safeClose(transport, 1000, err.message);
      handle.closed = true;
      this.logger.debug(`broker: connection rejected (${err.code} ${err.message})`);
    };
    if (this.state.closed) {
      reject(errors.serverShutdown());
      return handle;
    }
    if (this.state.liveConnections >= this.state.config.maxConnections) {
      reject(errors.connectionLimit());
      return handle;
    }
    this.keys
      .authenticate(credentialsFrom(query, headers), this.now())
      .then((auth) => {
        if (handle.closed) return;
        const limited = clientConnectionLimit(this.state, auth, query.resume ?? query.recover);
        if (limited) return reject(limited);
        const conn = establish(this.state, transport, auth, query, format);
        const early = handle.queue ?? [];
        handle.conn = conn;
        handle.queue = null;
        // Frames that raced ahead of authentication are handled now, in order.
        for (const frame of early) if (conn.transport === transport) this.onFrame(conn, frame);
      })
      .catch((e: unknown) => {
        if (handle.closed) return;
        reject(toAblyError(e));
      });
    return handle;
  }

  /** One inbound frame: rate check, decode, dispatch by action. Never throws. */
  onFrame(conn: Connection, frame: string | Uint8Array): void {
    const state = this.state;
    try {
      const limited = !this.takeToken(conn);
      if (limited && conn.bucket < -state.config.inboundBurst) throw errors.rateLimitedFatal();
      const raw = decodeFrame(frame);
      if (!isRecord(raw) || !isNonNegativeInt(raw.action)) {
        throw errors.protocol('Malformed protocol message: missing or invalid action');
      }
      switch (raw.action) {
        case Action.HEARTBEAT:
          conn.send({
            action: Action.HEARTBEAT,
            id: typeof raw.id === 'string' ? raw.id : undefined,
          });
          return;
        case Action.CLOSE:
          conn.send({ action: Action.CLOSED });
          discard(state, conn, 'closed by client');
          return;
        case Action.DISCONNECT: {
          const t = conn.transport;
          dropTransport(state, conn);
          if (t) safeClose(t, 1000, 'disconnect requested');
          return;
        }
        case Action.ATTACH:
          onAttach(state, conn, raw);
          break;
        case Action.DETACH:
          onDetach(state, conn, raw);
          break;
        case Action.MESSAGE:
          onMessage(state, conn, raw, limited);
          break;
        case Action.PRESENCE:
          onPresence(state, conn, raw, limited);
          break;
        case Action.SYNC:
          onSync(conn, raw);
          break;
        case Action.AUTH:
          onAuth(state, conn, raw);
          break;
        default:
          throw errors.protocol(`Unexpected action ${raw.action} from client`);
      }
    } catch (e) {
      const err = toAblyError(e);
      if (err.code === 50000) this.logger.error('broker: internal error handling frame', e);
      if (conn.state === 'live') fail(state, conn, err);
    }
  }

  /** Transport lost without CLOSE: the connection stays resumable for connectionStateTtl. */
  onTransportLost(conn: Connection): void {
    dropTransport(this.state, conn);
  }

  /** Token bucket; false when the connection is over its inbound rate. */
  private takeToken(conn: Connection): boolean {
    const { inboundBurst, inboundRate } = this.state.config;
    const now = this.now();
    const elapsed = now - conn.bucketAt;
    if (elapsed > 0) {
      conn.bucket = Math.min(inboundBurst, conn.bucket + (elapsed * inboundRate) / 1000);
      conn.bucketAt = now;
    }
    conn.bucket -= 1;
    return conn.bucket >= 0;
  }

  // ─── server-side API (REST and the embedding API) ───────────────────────────

  /**
   * Server-side publish. Validates like a realtime publish; throws AblyError (40009 too
   * large, 40160 no capability, 40012 clientId mismatch…).
   */
  publish(channelName: string, input: unknown, options: PublishOptions = {}): PublishResult {
    return publish(this.state, channelName, input, options);
  }

  /** Ably's revokeTokens for `keyName` (the REST route checks it is that key calling). */
  revokeTokens(keyName: string, input: unknown): RevocationResult {
    return revokeTokens(this.state, keyName, input);
  }

  history(channelName: string, query: queries.HistoryRequest) {
    return queries.history(this.state, channelName, query);
  }

  presenceHistory(channelName: string, query: queries.HistoryRequest) {
    return queries.history(this.state, channelName, query, 'presence');
  }

  presenceMembers(
    channelName: string,
    filter?: { clientId?: string; connectionId?: string },
  ): WirePresenceMessage[] {
    return queries.presenceMembers(this.state, channelName, filter);
  }

  channelStatus(channelName: string) {
    return queries.channelStatus(this.state, channelName);
  }

  /** Channel enumeration: the active channels' names, sorted. */
  activeChannels(prefix?: string): string[] {
    return queries.activeChannels(this.state, prefix);
  }

  stats(): queries.BrokerStats {
    return queries.stats(this.state);
  }

  // ─── timers and shutdown ────────────────────────────────────────────────────

  private tick(): void {
    const now = this.now();
    tickConnections(this.state, now);
    queries.updateRates(this.state, now);
    if (now - this.lastHousekeeping >= 1000) {
      this.lastHousekeeping = now;
      this.keys.revocations.prune(now);
      for (const [name, ch] of this.state.channels) {
        ch.history.prune(now);
        ch.presenceHistory.prune(now);
        ch.recentIds.prune(now);
        if (ch.isIdle()) this.state.channels.delete(name);
      }
    }
  }

  /**
   * Stops the engine. Every live client gets DISCONNECTED (80003) so the SDK reconnects
   * (and, with the broker back on the same port, re-attaches) by itself.
   */
  close(): void {
    if (this.state.closed) return;
    this.state.closed = true;
    clearInterval(this.ticker);
    disconnectAll(this.state);
    this.state.channels.clear();
  }
}
