import { modesForOps, Op } from './capability';
import { type Attachment, Channel, type Subscriber } from './channel';
import { decodeFrame, encodeFrame } from './codec';
import { randomId, safeEqual } from './encoding';
import { AblyError, errors, isTokenError, toAblyError } from './errors';
import type { HistoryEntry } from './history';
import {
  Action,
  type ConnectionDetails,
  Flag,
  type Format,
  MODE_MASK,
  PresenceAction,
  type ProtocolMessage,
  type WireMessage,
  type WirePresenceMessage,
} from './protocol';
import { type AuthContext, type BrokerKeyConfig, KeyStore } from './tokens';
import {
  isNonNegativeInt,
  isRecord,
  sanitizeMessages,
  sanitizePresence,
  totalSize,
  validChannelName,
} from './validate';

/** How the engine talks to one client socket (ws in Node, MSW's socket in a browser). */
export interface Transport {
  send(frame: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Bytes queued but not yet written; enables the slow-consumer guard. */
  bufferedAmount?(): number;
  /** Transport-level ping (ws ping frame). Used when the client did not ask for protocol heartbeats. */
  ping?(): void;
}

export interface ConnectionHandle {
  /** Feed one inbound frame (text → JSON, binary → msgpack). */
  receive(frame: string | Uint8Array): void;
  /** The socket went away (for whatever reason). */
  transportClosed(): void;
}

export interface Logger {
  debug(...a: unknown[]): void;
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface BrokerEngineOptions {
  keys: BrokerKeyConfig[];
  serverId?: string;
  /** How long a dropped connection can be resumed (default 120 000 ms, as Ably). */
  connectionStateTtlMs?: number;
  /** We promise some traffic at least this often (default 15 000 ms). */
  maxIdleIntervalMs?: number;
  /** Presence members of an abruptly dropped connection leave after this (default 15 000 ms). */
  presenceLeaveDelayMs?: number;
  /** Max size of the messages in one publish (default 65 536 bytes). */
  maxMessageSize?: number;
  /** Max inbound frame size advertised to clients (default 524 288). Enforced by the transport. */
  maxFrameSize?: number;
  historyMaxMessages?: number;
  historyMaxAgeMs?: number;
  maxConnections?: number;
  /** Sustained inbound frames per second per connection (default 1000). */
  maxInboundRate?: number;
  /** Burst allowance for inbound frames (default 2 × rate). */
  maxInboundBurst?: number;
  /** A connection whose transport has more than this many bytes queued is disconnected (default 8 MiB). */
  maxOutboundBufferBytes?: number;
  logger?: Logger;
}

export interface BrokerStats {
  connections: number;
  /** Dropped connections still resumable. */
  suspendedConnections: number;
  channels: number;
  messagesIn: number;
  messagesOut: number;
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
  connectionsOpened: number;
  uptimeMs: number;
}

export interface PublishOptions {
  clientId?: string;
  connectionId?: string;
  /** The REST caller's rights, when the publish comes from an authenticated request. */
  auth?: AuthContext;
}

export interface PublishResult {
  channel: string;
  messageId: string;
  serials: string[];
}

type ConnState = 'live' | 'dropped' | 'closed';

const MAX_TIMER = 2_147_483_647;
const SYNC_PAGE = 100;
const MAX_REWIND = 100;

/** One Ably connection; survives transport drops until its TTL runs out. */
class Connection implements Subscriber {
  key: string;
  state: ConnState = 'live';
  transport: Transport | null;
  readonly attachments = new Map<string, Attachment>();
  lastSentAt: number;
  highestMsgSerial = -1;
  bucket: number;
  bucketAt: number;
  authGeneration = 0;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
  dropTimer: ReturnType<typeof setTimeout> | undefined;
  leaveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly engine: BrokerEngine,
    readonly id: string,
    public auth: AuthContext,
    public format: Format,
    public echo: boolean,
    public protocolHeartbeats: boolean,
    transport: Transport,
    now: number,
  ) {
    this.key = `${id}!${randomId(16)}`;
    this.transport = transport;
    this.lastSentAt = now;
    this.bucket = engine.inboundBurst;
    this.bucketAt = now;
  }

  get clientId(): string | undefined {
    return this.auth.clientId;
  }

  isLive(): boolean {
    return this.transport !== null;
  }

  sendFrame(frame: string | Uint8Array): void {
    const t = this.transport;
    if (!t) return;
    if (t.bufferedAmount && t.bufferedAmount() > this.engine.maxOutboundBufferBytes) {
      this.engine.slowConsumer(this);
      return;
    }
    this.lastSentAt = this.engine.now();
    this.engine.counters.messagesOut++;
    t.send(frame);
  }

  send(pm: ProtocolMessage): void {
    if (this.transport) this.sendFrame(encodeFrame(pm, this.format));
  }
}

class Handle implements ConnectionHandle {
  conn: Connection | null = null;
  queue: Array<string | Uint8Array> | null = [];
  closed = false;

  constructor(
    private readonly engine: BrokerEngine,
    readonly transport: Transport,
  ) {}

  receive(frame: string | Uint8Array): void {
    if (this.closed) return;
    const conn = this.conn;
    if (conn) {
      if (conn.transport === this.transport) this.engine.onFrame(conn, frame);
      return;
    }
    // Still authenticating: the SDK waits for CONNECTED, so only a misbehaving client lands here.
    if (this.queue && this.queue.length < 32) this.queue.push(frame);
    else this.transport.close(1008, 'Too many frames before CONNECTED');
  }

  transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const conn = this.conn;
    if (conn && conn.transport === this.transport) this.engine.onTransportLost(conn);
  }
}

/**
 * The protocol engine: connections, channels, presence, history, auth. Platform-agnostic:
 * transports are injected, timers and crypto are web-standard.
 */
export class BrokerEngine {
  readonly keys: KeyStore;
  readonly serverId: string;
  readonly connectionStateTtl: number;
  readonly maxIdleInterval: number;
  readonly presenceLeaveDelay: number;
  readonly maxMessageSize: number;
  readonly maxFrameSize: number;
  readonly maxConnections: number;
  readonly inboundRate: number;
  readonly inboundBurst: number;
  readonly maxOutboundBufferBytes: number;
  readonly logger: Logger;
  private readonly historyOptions: { maxMessages: number; maxAgeMs: number };

  private readonly connections = new Map<string, Connection>();
  private readonly channels = new Map<string, Channel>();
  private liveConnections = 0;
  private readonly startedAt: number;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastHousekeeping = 0;
  private closed = false;

  readonly counters = { messagesIn: 0, messagesOut: 0, connectionsOpened: 0 };
  private rates = { at: 0, inBase: 0, outBase: 0, inPerSecond: 0, outPerSecond: 0 };

  constructor(options: BrokerEngineOptions) {
    this.keys = new KeyStore(options.keys);
    this.serverId = options.serverId ?? `glowdesk-broker-${randomId(6)}`;
    this.connectionStateTtl = options.connectionStateTtlMs ?? 120_000;
    this.maxIdleInterval = options.maxIdleIntervalMs ?? 15_000;
    this.presenceLeaveDelay = options.presenceLeaveDelayMs ?? 15_000;
    this.maxMessageSize = options.maxMessageSize ?? 65_536;
    this.maxFrameSize = options.maxFrameSize ?? 524_288;
    this.maxConnections = options.maxConnections ?? 10_000;
    this.inboundRate = options.maxInboundRate ?? 1000;
    this.inboundBurst = options.maxInboundBurst ?? this.inboundRate * 2;
    this.maxOutboundBufferBytes = options.maxOutboundBufferBytes ?? 8 * 1024 * 1024;
    this.logger = options.logger ?? silentLogger;
    this.historyOptions = {
      maxMessages: options.historyMaxMessages ?? 1000,
      maxAgeMs: options.historyMaxAgeMs ?? 120_000,
    };
    this.startedAt = this.now();
    this.rates.at = this.startedAt;
    // One timer for all connections: heartbeats and housekeeping, never one per socket.
    const tick = Math.max(20, Math.min(1000, Math.floor(this.maxIdleInterval / 4)));
    this.ticker = setInterval(() => this.tick(), tick);
    (this.ticker as { unref?: () => void }).unref?.();
  }

  now(): number {
    return Date.now();
  }

  // ─── connections ────────────────────────────────────────────────────────────

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
      const action = isTokenError(err) || err.code === 40150 ? Action.DISCONNECTED : Action.ERROR;
      safeSend(transport, encodeFrame({ action, error: err.toWire() }, format));
      safeClose(transport, 1000, err.message);
      handle.closed = true;
      this.logger.debug(`broker: connection rejected (${err.code} ${err.message})`);
    };
    if (this.closed) {
      reject(errors.serverShutdown());
      return handle;
    }
    if (this.liveConnections >= this.maxConnections) {
      reject(errors.connectionLimit());
      return handle;
    }
    const creds = credentialsFrom(query, headers);
    this.keys
      .authenticate(creds, this.now())
      .then((auth) => {
        if (handle.closed) return;
        this.establish(handle, auth, query, format);
      })
      .catch((e: unknown) => {
        if (handle.closed) return;
        reject(toAblyError(e));
      });
    return handle;
  }

  private establish(
    handle: Handle,
    auth: AuthContext,
    query: Record<string, string | undefined>,
    format: Format,
  ): void {
    const transport = handle.transport;
    const now = this.now();
    const echo = query.echo !== 'false';
    const protocolHeartbeats = query.heartbeats === 'true' || !transport.ping;
    const resumeKey = query.resume ?? query.recover;
    let conn: Connection | null = null;
    let error: AblyError | undefined;

    if (resumeKey) {
      const found = this.findByKey(resumeKey);
      if (found instanceof AblyError) error = found;
      else if (found.auth.keyName !== auth.keyName || found.auth.clientId !== auth.clientId) {
        error = new AblyError(80011, 400, 'Unable to recover connection: incompatible auth params');
      } else {
        conn = found;
        this.resume(conn, transport, auth, format, echo, protocolHeartbeats);
      }
    }
    if (!conn) {
      conn = new Connection(
        this,
        randomId(10),
        auth,
        format,
        echo,
        protocolHeartbeats,
        transport,
        now,
      );
      this.connections.set(conn.id, conn);
      this.liveConnections++;
      this.counters.connectionsOpened++;
      this.logger.debug(
        `broker: connection ${conn.id} opened (client ${auth.clientId ?? '-'}, ${format}${error ? `, resume failed: ${error.code}` : ''})`,
      );
    }
    const early = handle.queue ?? [];
    handle.conn = conn;
    handle.queue = null;
    this.scheduleExpiry(conn);
    conn.send({
      action: Action.CONNECTED,
      connectionId: conn.id,
      connectionDetails: this.connectionDetails(conn),
      error: error?.toWire(),
    });
    // Frames that raced ahead of authentication are handled now, in order.
    for (const frame of early) if (conn.transport === transport) this.onFrame(conn, frame);
  }

  private connectionDetails(conn: Connection): ConnectionDetails {
    const d: ConnectionDetails = {
      connectionKey: conn.key,
      maxMessageSize: this.maxMessageSize,
      maxInboundRate: this.inboundRate,
      maxFrameSize: this.maxFrameSize,
      maxIdleInterval: this.maxIdleInterval,
      connectionStateTtl: this.connectionStateTtl,
      serverId: this.serverId,
    };
    if (conn.auth.clientId) d.clientId = conn.auth.clientId;
    else if (conn.auth.method === 'token' && conn.auth.wildcard) d.clientId = '*';
    return d;
  }

  private findByKey(key: string): Connection | AblyError {
    const bang = key.indexOf('!');
    if (bang <= 0) return errors.invalidConnectionKey('Invalid connectionKey format');
    const conn = this.connections.get(key.slice(0, bang));
    if (!conn || conn.state === 'closed' || !safeEqual(conn.key, key)) {
      return errors.connectionExpired();
    }
    return conn;
  }

  private resume(
    conn: Connection,
    transport: Transport,
    auth: AuthContext,
    format: Format,
    echo: boolean,
    protocolHeartbeats: boolean,
  ): void {
    const old = conn.transport;
    if (old) {
      // The client saw the drop before we did: retire the old socket quietly.
      conn.transport = null;
      safeClose(old, 1000, 'superseded by resumed transport');
    } else {
      this.liveConnections++;
    }
    clearTimeout(conn.dropTimer);
    clearTimeout(conn.leaveTimer);
    conn.dropTimer = conn.leaveTimer = undefined;
    conn.state = 'live';
    conn.transport = transport;
    conn.auth = auth;
    conn.format = format;
    conn.echo = echo;
    conn.protocolHeartbeats = protocolHeartbeats;
    conn.lastSentAt = this.now();
    conn.authGeneration++;
    // Deliver nothing until the SDK re-attaches each channel with its channelSerial; then
    // we replay what it missed from history, in order, exactly once.
    for (const a of conn.attachments.values()) a.paused = true;
    this.logger.debug(`broker: connection ${conn.id} resumed`);
  }

  /** Transport lost without CLOSE: keep state for resume, start the presence-leave clock. */
  onTransportLost(conn: Connection): void {
    if (conn.state !== 'live') return;
    conn.transport = null;
    conn.state = 'dropped';
    this.liveConnections--;
    this.logger.debug(`broker: connection ${conn.id} dropped (resumable)`);
    conn.leaveTimer = setTimeout(() => {
      conn.leaveTimer = undefined;
      if (conn.state === 'dropped') this.leaveAllPresence(conn);
    }, this.presenceLeaveDelay);
    conn.dropTimer = setTimeout(() => {
      conn.dropTimer = undefined;
      if (conn.state === 'dropped') this.discard(conn, 'expired');
    }, this.connectionStateTtl);
  }

  /** Ends a connection for good: presence leaves, attachments go, state is forgotten. */
  private discard(conn: Connection, why: string): void {
    if (conn.state === 'closed') return;
    if (conn.state === 'live') this.liveConnections--;
    conn.state = 'closed';
    clearTimeout(conn.dropTimer);
    clearTimeout(conn.leaveTimer);
    clearTimeout(conn.expiryTimer);
    this.leaveAllPresence(conn);
    for (const a of conn.attachments.values()) a.channel.attachments.delete(a);
    conn.attachments.clear();
    this.connections.delete(conn.id);
    const t = conn.transport;
    conn.transport = null;
    if (t) safeClose(t, 1000, why);
    this.logger.debug(`broker: connection ${conn.id} closed (${why})`);
  }

  /** Sends a final frame, then drops the transport but keeps the state (resumable). */
  private disconnect(conn: Connection, err: AblyError): void {
    const t = conn.transport;
    if (!t) return;
    conn.send({ action: Action.DISCONNECTED, error: err.toWire() });
    this.onTransportLost(conn);
    safeClose(t, 1000, err.message);
  }

  /** Protocol violation: ERROR (fatal for the SDK) and the connection is gone. */
  private fail(conn: Connection, err: AblyError): void {
    this.logger.debug(`broker: connection ${conn.id} failed: ${err.code} ${err.message}`);
    conn.send({ action: Action.ERROR, error: err.toWire() });
    this.discard(conn, `error ${err.code}`);
  }

  slowConsumer(conn: Connection): void {
    const t = conn.transport;
    if (!t) return;
    this.logger.warn(`broker: connection ${conn.id} too slow; disconnecting`);
    this.onTransportLost(conn);
    // The queue is full, so the DISCONNECTED would sit behind it: just cut the socket.
    safeClose(t, 1013, errors.slowConsumer().message);
  }

  private scheduleExpiry(conn: Connection): void {
    clearTimeout(conn.expiryTimer);
    conn.expiryTimer = undefined;
    const expiresAt = conn.auth.expiresAt;
    if (expiresAt === null) return;
    const arm = () => {
      const left = expiresAt - this.now();
      if (left > 0) {
        conn.expiryTimer = setTimeout(arm, Math.min(left, MAX_TIMER));
        return;
      }
      conn.expiryTimer = undefined;
      if (conn.state !== 'live') return;
      // RTN15h: DISCONNECTED with 40142 makes the SDK fetch a new token and resume.
      this.logger.debug(`broker: connection ${conn.id} token expired`);
      this.disconnect(conn, errors.tokenExpired());
    };
    arm();
  }

  // ─── inbound frames ─────────────────────────────────────────────────────────

  onFrame(conn: Connection, frame: string | Uint8Array): void {
    try {
      const limited = !this.takeToken(conn);
      if (limited && conn.bucket < -this.inboundBurst) throw errors.rateLimitedFatal();
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
          this.discard(conn, 'closed by client');
          return;
        case Action.DISCONNECT: {
          const t = conn.transport;
          this.onTransportLost(conn);
          if (t) safeClose(t, 1000, 'disconnect requested');
          return;
        }
        case Action.ATTACH:
          this.onAttach(conn, raw);
          return;
        case Action.DETACH:
          this.onDetach(conn, raw);
          return;
        case Action.MESSAGE:
          this.onMessage(conn, raw, limited);
          return;
        case Action.PRESENCE:
          this.onPresence(conn, raw, limited);
          return;
        case Action.AUTH:
          this.onAuth(conn, raw);
          return;
        default:
          throw errors.protocol(`Unexpected action ${raw.action} from client`);
      }
    } catch (e) {
      const err = toAblyError(e);
      if (err.code === 50000) this.logger.error('broker: internal error handling frame', e);
      if (conn.state === 'live') this.fail(conn, err);
    }
  }

  /** Token bucket; false when the connection is over its inbound rate. */
  private takeToken(conn: Connection): boolean {
    const now = this.now();
    const elapsed = now - conn.bucketAt;
    if (elapsed > 0) {
      conn.bucket = Math.min(this.inboundBurst, conn.bucket + (elapsed * this.inboundRate) / 1000);
      conn.bucketAt = now;
    }
    conn.bucket -= 1;
    return conn.bucket >= 0;
  }

  private onAttach(conn: Connection, raw: Record<string, unknown>): void {
    const name = validChannelName(raw.channel);
    try {
      const flags = raw.flags ?? 0;
      if (!isNonNegativeInt(flags)) throw errors.badRequest('flags must be a non-negative integer');
      const params = channelParams(raw.params);
      const ops = conn.auth.capability.opsFor(name);
      const requested = flags & MODE_MASK;
      const granted = (requested || MODE_MASK) & modesForOps(ops);
      if (granted === 0) {
        throw errors.notPermitted(
          `Channel denied access based on given capability; channel = ${name}`,
        );
      }
      const channel = this.channel(name);
      let att = conn.attachments.get(name);
      let replay: HistoryEntry[] | null = null;
      let resumed = false;
      if (att) {
        // Re-attach on the same (possibly resumed) connection: continuity is possible if
        // the client's channelSerial is ours and nothing after it has been dropped.
        const fromSeq = channel.parseSerial(optStr(raw.channelSerial));
        if (fromSeq !== null && fromSeq >= channel.history.prunedUpTo) {
          resumed = true;
          replay = channel.history.since(fromSeq);
        }
        att.requestedModes = requested;
        att.modes = granted;
        att.params = params;
      } else {
        att = {
          conn,
          channel,
          requestedModes: requested,
          modes: granted,
          paused: false,
          presenceClients: null,
          params,
        };
        conn.attachments.set(name, att);
        channel.attachments.add(att);
      }
      att.paused = false;

      let backlog: ProtocolMessage[] = [];
      if (!resumed && params?.rewind && granted & Flag.SUBSCRIBE) {
        backlog = this.rewind(channel, params.rewind);
      }
      const wantsPresence = (granted & Flag.PRESENCE_SUBSCRIBE) !== 0;
      const hasPresence = wantsPresence && channel.presence.size > 0;
      let outFlags = granted;
      if (hasPresence) outFlags |= Flag.HAS_PRESENCE;
      if (resumed) outFlags |= Flag.RESUMED;
      if (backlog.length) outFlags |= Flag.HAS_BACKLOG;
      conn.send({
        action: Action.ATTACHED,
        channel: name,
        flags: outFlags,
        channelSerial: channel.serial(),
        params,
      });
      if (granted & Flag.SUBSCRIBE) {
        // Replay continues the live stream, so it honours echo=false; rewind is a backlog.
        if (replay) {
          for (const { pm } of replay) {
            if (!conn.echo && pm.connectionId === conn.id) continue;
            conn.send(pm);
          }
        }
        for (const pm of backlog) conn.send(pm);
      }
      // A resumed attach does not make the SDK resync presence, so always send a SYNC then:
      // an empty one clears members that left while the client was away.
      if (hasPresence || (resumed && wantsPresence)) this.sendSync(conn, channel);
      this.logger.debug(`broker: ${conn.id} attached ${name}${resumed ? ' (resumed)' : ''}`);
    } catch (e) {
      const err = toAblyError(e);
      if (err.code === 50000) throw e;
      conn.send({ action: Action.ERROR, channel: name, error: err.toWire() });
    }
  }

  private rewind(channel: Channel, spec: string): ProtocolMessage[] {
    const count = /^\d+$/.exec(spec);
    if (count) return channel.history.lastMessages(Math.min(Number(spec), MAX_REWIND));
    const dur = /^(\d+)(ms|s|m|h)$/.exec(spec);
    if (!dur) throw errors.invalidParameter(`Invalid rewind value "${spec}"`);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[dur[2] as 'ms' | 's' | 'm' | 'h'];
    const msgs = channel.history.messagesSince(this.now() - Number(dur[1]) * unit);
    return msgs.slice(-MAX_REWIND);
  }

  private sendSync(conn: Connection, channel: Channel): void {
    const members = channel.presence.list();
    const syncId = randomId(8);
    let i = 0;
    do {
      const page = members.slice(i, i + SYNC_PAGE);
      i += SYNC_PAGE;
      const cursor = i < members.length ? String(i) : '';
      conn.send({
        action: Action.SYNC,
        channel: channel.name,
        channelSerial: `${syncId}:${cursor}`,
        presence: page,
      });
    } while (i < members.length);
  }

  private onDetach(conn: Connection, raw: Record<string, unknown>): void {
    const name = validChannelName(raw.channel);
    const att = conn.attachments.get(name);
    if (att) this.removeAttachment(conn, att);
    conn.send({ action: Action.DETACHED, channel: name });
  }

  private removeAttachment(conn: Connection, att: Attachment): void {
    this.leavePresence(conn, att);
    att.channel.attachments.delete(att);
    conn.attachments.delete(att.channel.name);
  }

  private onMessage(conn: Connection, raw: Record<string, unknown>, limited: boolean): void {
    const msgSerial = raw.msgSerial;
    if (!isNonNegativeInt(msgSerial)) throw errors.protocol('MESSAGE without a valid msgSerial');
    if (msgSerial <= conn.highestMsgSerial) {
      // Re-sent after a resume and already processed: acknowledge, don't publish twice.
      conn.send({ action: Action.ACK, msgSerial, count: 1 });
      return;
    }
    conn.highestMsgSerial = msgSerial;
    try {
      if (limited) throw errors.rateLimited();
      const name = validChannelName(raw.channel);
      if (!Array.isArray(raw.messages) || raw.messages.length === 0) {
        throw errors.badRequest('MESSAGE must carry a non-empty messages array');
      }
      const messages = sanitizeMessages(raw.messages);
      const size = totalSize(messages);
      if (size > this.maxMessageSize) throw errors.tooLarge(size, this.maxMessageSize);
      if (!(conn.auth.capability.opsFor(name) & Op.PUBLISH)) {
        throw errors.notPermitted(`Unable to publish: no publish capability on channel ${name}`);
      }
      stampClientIds(messages, conn.auth);
      this.publishMessages(name, messages, `${conn.id}:${msgSerial}`, conn.id, conn);
      conn.send({ action: Action.ACK, msgSerial, count: 1 });
    } catch (e) {
      const err = toAblyError(e);
      if (err.code === 50000) throw e;
      conn.send({ action: Action.NACK, msgSerial, count: 1, error: err.toWire() });
    }
  }

  private onPresence(conn: Connection, raw: Record<string, unknown>, limited: boolean): void {
    const msgSerial = raw.msgSerial;
    if (!isNonNegativeInt(msgSerial)) throw errors.protocol('PRESENCE without a valid msgSerial');
    if (msgSerial <= conn.highestMsgSerial) {
      conn.send({ action: Action.ACK, msgSerial, count: 1 });
      return;
    }
    conn.highestMsgSerial = msgSerial;
    try {
      if (limited) throw errors.rateLimited();
      const name = validChannelName(raw.channel);
      const att = conn.attachments.get(name);
      if (!att || att.paused) {
        throw new AblyError(90001, 400, `Channel ${name} is not attached; cannot update presence`);
      }
      if (!(att.modes & Flag.PRESENCE)) {
        throw errors.notPermitted(`Unable to enter presence: no presence capability on ${name}`);
      }
      if (!Array.isArray(raw.presence) || raw.presence.length === 0) {
        throw errors.badRequest('PRESENCE must carry a non-empty presence array');
      }
      const list = raw.presence.map(sanitizePresence);
      const size = totalSize(list);
      if (size > this.maxMessageSize) throw errors.tooLarge(size, this.maxMessageSize);
      for (const p of list) {
        const clientId = p.clientId ?? conn.auth.clientId;
        if (!clientId) throw errors.presenceNoClientId();
        if (p.clientId !== undefined && !conn.auth.wildcard && p.clientId !== conn.auth.clientId) {
          throw errors.invalidClientId(
            `Presence clientId "${p.clientId}" does not match the connection's clientId`,
          );
        }
        p.clientId = clientId;
      }
      const now = this.now();
      const channel = att.channel;
      const out: WirePresenceMessage[] = [];
      list.forEach((p, i) => {
        const clientId = p.clientId!;
        const existing = channel.presence.get(conn.id, clientId);
        const m: WirePresenceMessage = {
          ...p,
          id: `${conn.id}:${msgSerial}:${i}`,
          connectionId: conn.id,
          timestamp: now,
        };
        if (p.action === PresenceAction.LEAVE) {
          if (!existing) return;
          channel.presence.remove(conn.id, clientId);
          att.presenceClients?.delete(clientId);
        } else {
          att.presenceClients ??= new Set();
          att.presenceClients.add(clientId);
          if (existing && p.action === PresenceAction.ENTER) {
            // The SDK re-enters its members after every re-attach (RTP17i); when nothing
            // changed that is not news for anyone else.
            if (existing.data === p.data && existing.encoding === p.encoding) {
              channel.presence.put({ ...existing, id: m.id, timestamp: now });
              return;
            }
            // An enter for a member already present is an update to everyone else.
            m.action = PresenceAction.UPDATE;
          }
          channel.presence.put(m);
        }
        out.push(m);
      });
      if (out.length) {
        channel.lastActivity = now;
        channel.deliver(
          {
            action: Action.PRESENCE,
            channel: name,
            channelSerial: channel.nextSerial(),
            timestamp: now,
            presence: out,
          },
          Flag.PRESENCE_SUBSCRIBE,
          conn,
          false,
        );
      }
      conn.send({ action: Action.ACK, msgSerial, count: 1 });
    } catch (e) {
      const err = toAblyError(e);
      if (err.code === 50000) throw e;
      conn.send({ action: Action.NACK, msgSerial, count: 1, error: err.toWire() });
    }
  }

  private onAuth(conn: Connection, raw: Record<string, unknown>): void {
    const auth = raw.auth;
    const token = isRecord(auth) && typeof auth.accessToken === 'string' ? auth.accessToken : null;
    if (!token) throw errors.badRequest('AUTH must carry auth.accessToken');
    const generation = ++conn.authGeneration;
    this.keys
      .authenticateToken(token, undefined, this.now())
      .then((next) => {
        if (conn.state !== 'live' || generation !== conn.authGeneration) return;
        if (conn.auth.clientId && next.clientId !== conn.auth.clientId && !next.wildcard) {
          this.fail(
            conn,
            errors.incompatibleCredentials(
              `New token clientId (${next.clientId ?? 'none'}) differs from the connection's (${conn.auth.clientId})`,
            ),
          );
          return;
        }
        // Keep the identity the connection already has when the new token is a wildcard.
        if (next.wildcard && conn.auth.clientId) {
          next = { ...next, clientId: conn.auth.clientId, wildcard: true };
        }
        conn.auth = next;
        this.scheduleExpiry(conn);
        conn.send({
          action: Action.CONNECTED,
          connectionId: conn.id,
          connectionDetails: this.connectionDetails(conn),
        });
        this.applyCapability(conn);
        this.logger.debug(`broker: connection ${conn.id} re-authorised in-band`);
      })
      .catch((e: unknown) => {
        if (conn.state !== 'live' || generation !== conn.authGeneration) return;
        const err = toAblyError(e);
        if (isTokenError(err)) this.disconnect(conn, err);
        else this.fail(conn, err);
      });
  }

  /** After a capability change: narrow/widen modes, detach what is no longer allowed. */
  private applyCapability(conn: Connection): void {
    for (const att of [...conn.attachments.values()]) {
      const name = att.channel.name;
      const granted =
        (att.requestedModes || MODE_MASK) & modesForOps(conn.auth.capability.opsFor(name));
      if (granted === 0) {
        this.removeAttachment(conn, att);
        conn.send({
          action: Action.DETACHED,
          channel: name,
          error: errors
            .notPermitted(`Capability no longer permits access to channel ${name}`)
            .toWire(),
        });
      } else if (granted !== att.modes) {
        att.modes = granted;
        if (!(granted & Flag.PRESENCE)) this.leavePresence(conn, att);
        conn.send({
          action: Action.ATTACHED,
          channel: name,
          flags: granted | Flag.RESUMED,
          channelSerial: att.channel.serial(),
        });
      }
    }
  }

  // ─── presence helpers ───────────────────────────────────────────────────────

  private leaveAllPresence(conn: Connection): void {
    for (const att of conn.attachments.values()) this.leavePresence(conn, att);
  }

  /** Server-synthesised leave for every member this connection entered on one channel. */
  private leavePresence(conn: Connection, att: Attachment): void {
    const clients = att.presenceClients;
    if (!clients || clients.size === 0) return;
    const channel = att.channel;
    const now = this.now();
    const out: WirePresenceMessage[] = [];
    for (const clientId of clients) {
      const m = channel.presence.remove(conn.id, clientId);
      if (!m) continue;
      // No id: the SDK treats it as synthesised and compares by timestamp (RTP2b1).
      out.push({
        action: PresenceAction.LEAVE,
        clientId,
        connectionId: conn.id,
        timestamp: now,
        data: m.data,
        encoding: m.encoding,
      });
    }
    clients.clear();
    if (out.length === 0) return;
    channel.deliver(
      {
        action: Action.PRESENCE,
        channel: channel.name,
        channelSerial: channel.nextSerial(),
        timestamp: now,
        presence: out,
      },
      Flag.PRESENCE_SUBSCRIBE,
      null,
      false,
    );
  }

  // ─── channels, publish, queries (used by REST and by the embedding API) ─────

  private channel(name: string): Channel {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = new Channel(name, randomId(6), this.historyOptions, this.now());
      this.channels.set(name, ch);
    }
    return ch;
  }

  private publishMessages(
    name: string,
    messages: WireMessage[],
    pmId: string,
    connectionId: string | undefined,
    origin: Connection | null,
  ): string {
    const ch = this.channel(name);
    const now = this.now();
    const pm: ProtocolMessage = {
      action: Action.MESSAGE,
      id: pmId,
      channel: name,
      channelSerial: ch.nextSerial(),
      connectionId,
      timestamp: now,
      messages,
    };
    ch.lastActivity = now;
    ch.history.append({ seq: ch.seq, timestamp: now, pm });
    this.counters.messagesIn += messages.length;
    ch.deliver(pm, Flag.SUBSCRIBE, origin, true);
    return pm.channelSerial!;
  }

  /**
   * Server-side publish (REST or the embedding API). Validates like a realtime publish;
   * throws AblyError (40009 too large, 40160 no capability, 40012 clientId mismatch…).
   */
  publish(channelName: string, input: unknown, options: PublishOptions = {}): PublishResult {
    const name = validChannelName(channelName);
    const messages = sanitizeMessages(input);
    const size = totalSize(messages);
    if (size > this.maxMessageSize) throw errors.tooLarge(size, this.maxMessageSize);
    const auth = options.auth;
    if (auth) {
      if (!(auth.capability.opsFor(name) & Op.PUBLISH)) {
        throw errors.notPermitted(`Unable to publish: no publish capability on channel ${name}`);
      }
      stampClientIds(messages, auth);
    }
    if (options.clientId) {
      for (const m of messages) m.clientId ??= options.clientId;
    }
    const base = messages[0]?.id?.replace(/:\d+$/, '') ?? randomId(12);
    const serial = this.publishMessages(name, messages, base, options.connectionId, null);
    return {
      channel: name,
      messageId: base,
      serials: messages.map((_, i) => `${serial}:${i}`),
    };
  }

  history(
    channelName: string,
    query: {
      start?: number;
      end?: number;
      limit?: number;
      direction?: 'forwards' | 'backwards';
      after?: { seq: number; index: number };
      /** A channelSerial (history `untilAttach` sends `from_serial`): nothing newer than it. */
      untilSerial?: string;
    },
  ) {
    const ch = this.channels.get(channelName);
    if (!ch) return { items: [], next: null };
    ch.history.prune(this.now());
    let untilSeq: number | undefined;
    if (query.untilSerial !== undefined) {
      const seq = ch.parseSerial(query.untilSerial);
      if (seq === null)
        throw errors.invalidParameter('from_serial is not a serial of this channel');
      untilSeq = seq;
    }
    return ch.history.query({
      start: query.start,
      end: query.end,
      limit: Math.max(1, Math.min(query.limit ?? 100, 1000)),
      direction: query.direction ?? 'backwards',
      after: query.after,
      untilSeq,
    });
  }

  presenceMembers(
    channelName: string,
    filter?: { clientId?: string; connectionId?: string },
  ): WirePresenceMessage[] {
    return this.channels.get(channelName)?.presence.list(filter) ?? [];
  }

  channelStatus(channelName: string) {
    const ch = this.channels.get(channelName);
    let subscribers = 0;
    let publishers = 0;
    let presenceSubscribers = 0;
    const conns = new Set<string>();
    if (ch) {
      for (const a of ch.attachments) {
        conns.add(a.conn.id);
        if (a.modes & Flag.SUBSCRIBE) subscribers++;
        if (a.modes & Flag.PUBLISH) publishers++;
        if (a.modes & Flag.PRESENCE_SUBSCRIBE) presenceSubscribers++;
      }
    }
    return {
      channelId: channelName,
      name: channelName,
      status: {
        isActive: !!ch && !ch.isIdle(),
        occupancy: {
          metrics: {
            connections: conns.size,
            presenceConnections: presenceSubscribers,
            presenceMembers: ch?.presence.size ?? 0,
            presenceSubscribers,
            publishers,
            subscribers,
          },
        },
      },
    };
  }

  stats(): BrokerStats {
    return {
      connections: this.liveConnections,
      suspendedConnections: this.connections.size - this.liveConnections,
      channels: this.channels.size,
      messagesIn: this.counters.messagesIn,
      messagesOut: this.counters.messagesOut,
      messagesInPerSecond: this.rates.inPerSecond,
      messagesOutPerSecond: this.rates.outPerSecond,
      connectionsOpened: this.counters.connectionsOpened,
      uptimeMs: this.now() - this.startedAt,
    };
  }

  // ─── timers ─────────────────────────────────────────────────────────────────

  private tick(): void {
    const now = this.now();
    const heartbeatAfter = this.maxIdleInterval * 0.6;
    for (const conn of this.connections.values()) {
      const t = conn.transport;
      if (!t || now - conn.lastSentAt < heartbeatAfter) continue;
      conn.lastSentAt = now;
      if (!conn.protocolHeartbeats && t.ping) {
        try {
          t.ping();
        } catch {
          // a dying socket; its close event will follow
        }
      } else conn.send({ action: Action.HEARTBEAT });
    }
    if (now - this.rates.at >= 1000) {
      const secs = (now - this.rates.at) / 1000;
      this.rates.inPerSecond = Math.round((this.counters.messagesIn - this.rates.inBase) / secs);
      this.rates.outPerSecond = Math.round((this.counters.messagesOut - this.rates.outBase) / secs);
      this.rates = {
        ...this.rates,
        at: now,
        inBase: this.counters.messagesIn,
        outBase: this.counters.messagesOut,
      };
    }
    if (now - this.lastHousekeeping >= 1000) {
      this.lastHousekeeping = now;
      for (const [name, ch] of this.channels) {
        ch.history.prune(now);
        if (ch.isIdle()) this.channels.delete(name);
      }
    }
  }

  /**
   * Stops the engine. By default every live client gets DISCONNECTED (80003) so the SDK
   * reconnects (and, with the broker back on the same port, re-attaches) by itself.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ticker);
    const err = errors.serverShutdown();
    for (const conn of [...this.connections.values()]) {
      if (conn.transport) conn.send({ action: Action.DISCONNECTED, error: err.toWire() });
      this.discard(conn, 'broker shutting down');
    }
    this.channels.clear();
  }
}

// ─── helpers ──────────────────────────────────────────────────────────────────

function safeSend(t: Transport, frame: string | Uint8Array): void {
  try {
    t.send(frame);
  } catch {
    // socket already gone
  }
}

function safeClose(t: Transport, code: number, reason: string): void {
  try {
    t.close(code, reason.slice(0, 120));
  } catch {
    // socket already gone
  }
}

function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function channelParams(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) throw errors.badRequest('params must be an object');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
    else throw errors.badRequest(`param ${k} must be a string`);
  }
  return Object.keys(out).length ? out : undefined;
}

/** Stamps the identity on messages; rejects a clientId the credentials may not use. */
function stampClientIds(messages: WireMessage[], auth: AuthContext): void {
  for (const m of messages) {
    if (m.clientId === undefined) {
      if (auth.clientId) m.clientId = auth.clientId;
    } else if (!auth.wildcard && m.clientId !== auth.clientId) {
      throw errors.invalidClientId(
        `Message clientId "${m.clientId}" does not match the connection's clientId (${auth.clientId ?? 'none'})`,
      );
    }
  }
}

/** key / access_token from the query, or an Authorization header (Basic / Bearer). */
export function credentialsFrom(
  query: Record<string, string | undefined>,
  headers: Record<string, string | undefined>,
): { key?: string; token?: string; clientId?: string } {
  const clientId = query.clientId || undefined;
  if (query.key) return { key: query.key, clientId };
  if (query.access_token) return { token: query.access_token, clientId };
  const h = headers.authorization ?? headers.Authorization;
  if (h) {
    const [scheme, value = ''] = h.trim().split(/\s+/, 2);
    const lower = scheme?.toLowerCase();
    if (lower === 'basic') {
      const decoded = decodeB64Text(value);
      if (decoded) return { key: decoded, clientId };
    } else if (lower === 'bearer') {
      // ably-js sends base64(token); accept a raw token too.
      const decoded = decodeB64Text(value);
      const token = decoded && decoded.split('.').length === 3 ? decoded : value;
      return { token, clientId };
    }
  }
  return { clientId };
}

function decodeB64Text(v: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(v), (c) => c.charCodeAt(0)),
    );
  } catch {
    return null;
  }
}
