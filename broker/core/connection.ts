import type { Attachment, Subscriber } from './channel';
import { encodeFrame } from './codec';
import { randomId } from './encoding';
import type { ErrorInfoWire, Format, ProtocolMessage } from './protocol';
import type { BrokerState } from './state';
import type { AuthContext } from './tokens';
import type { ConnectionHandle, Transport } from './transport';

export type ConnState = 'live' | 'dropped' | 'closed';

/** One Ably connection; survives transport drops until its TTL runs out. */
export class Connection implements Subscriber {
  key: string;
  state: ConnState = 'live';
  transport: Transport | null;
  lastSentAt: number;
  highestMsgSerial = -1;
  /** Serials at or below this may have been NACKed but are no longer remembered. */
  forgottenNacksUpTo = -1;
  bucket: number;
  bucketAt: number;
  /** Bumped by every resume / in-band AUTH, so a slow token check cannot apply stale auth. */
  authGeneration = 0;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
  dropTimer: ReturnType<typeof setTimeout> | undefined;
  leaveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The identity this connection is counted under in `BrokerState.liveByClient`, if any. */
  countedAs: Pick<AuthContext, 'keyName' | 'clientId'> | undefined;

  constructor(
    private readonly broker: BrokerState,
    readonly id: string,
    public auth: AuthContext,
    public format: Format,
    public echo: boolean,
    public protocolHeartbeats: boolean,
    transport: Transport,
    now: number,
  ) {
    this.key = newConnectionKey(id);
    this.transport = transport;
    this.lastSentAt = now;
    this.bucket = broker.config.inboundBurst;
    this.bucketAt = now;
  }

  // Made on first use: most connections never NACK, and an idle one attaches nothing yet.
  private attachmentMap: Map<string, Attachment> | undefined;
  private nackMap: Map<number, ErrorInfoWire> | undefined;

  get attachments(): Map<string, Attachment> {
    this.attachmentMap ??= new Map();
    return this.attachmentMap;
  }

  /** Recently NACKed msgSerials and why, so a re-sent one is refused again, never ACKed. */
  get nacked(): Map<number, ErrorInfoWire> {
    this.nackMap ??= new Map();
    return this.nackMap;
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
    if (t.bufferedAmount && t.bufferedAmount() > this.broker.config.maxOutboundBufferBytes) {
      this.broker.onSlowConsumer(this);
      return;
    }
    this.lastSentAt = this.broker.now();
    this.broker.counters.messagesOut++;
    t.send(frame);
  }

  send(pm: ProtocolMessage): void {
    if (this.transport) this.sendFrame(encodeFrame(pm, this.format));
  }
}

/** `<connectionId>!<secret>`: the id lets a resume find the connection, the secret proves it. */
export function newConnectionKey(connectionId: string): string {
  return `${connectionId}!${randomId(16)}`;
}

/** Where a socket's frames go once it has a connection. */
export interface FrameSink {
  onFrame(conn: Connection, frame: string | Uint8Array): void;
  onTransportLost(conn: Connection): void;
}

/**
 * The transport's view of a connection. Exists before authentication finishes, so it
 * buffers a few early frames and ignores anything from a transport a resume has replaced.
 */
export class Handle implements ConnectionHandle {
  conn: Connection | null = null;
  queue: Array<string | Uint8Array> | null = [];
  closed = false;

  constructor(
    private readonly sink: FrameSink,
    readonly transport: Transport,
  ) {}

  receive(frame: string | Uint8Array): void {
    if (this.closed) return;
    const conn = this.conn;
    if (conn) {
      if (conn.transport === this.transport) this.sink.onFrame(conn, frame);
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
    if (conn && conn.transport === this.transport) this.sink.onTransportLost(conn);
  }
}
