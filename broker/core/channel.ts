import { encodeFrame } from './codec';
import { History, type HistoryOptions } from './history';
import { type IdempotencyOptions, RecentIds } from './idempotency';
import { PresenceSet } from './presenceSet';
import { Flag, type Format, type ProtocolMessage } from './protocol';

/** What a channel needs from a subscribed connection (kept minimal and allocation-free). */
export interface Subscriber {
  readonly id: string;
  readonly format: Format;
  readonly echo: boolean;
  /** False while the connection has no transport (dropped, awaiting resume). */
  isLive(): boolean;
  sendFrame(frame: string | Uint8Array): void;
}

export interface Attachment {
  readonly conn: Subscriber;
  readonly channel: Channel;
  /** Modes the client asked for (0 = "whatever I'm allowed"). */
  requestedModes: number;
  /** Granted modes: requested ∩ capability. */
  modes: number;
  /** After a resume, nothing is delivered until the client re-attaches (then we replay). */
  paused: boolean;
  /** clientIds this connection has entered into presence on this channel. */
  presenceClients: Set<string> | null;
  params: Record<string, string> | undefined;
}

/** Lazily encodes one protocol message at most once per format (shared by all subscribers). */
export class FrameCache {
  private json: string | undefined;
  private msgpack: Uint8Array | undefined;
  constructor(readonly pm: ProtocolMessage) {}
  get(format: Format): string | Uint8Array {
    if (format === 'json') {
      this.json ??= encodeFrame(this.pm, 'json') as string;
      return this.json;
    }
    this.msgpack ??= encodeFrame(this.pm, 'msgpack') as Uint8Array;
    return this.msgpack;
  }
}

export class Channel {
  /** Changes whenever the channel is recreated, so stale channelSerials are recognised. */
  readonly epoch: string;
  seq = 0;
  readonly attachments = new Set<Attachment>();
  readonly presence = new PresenceSet();
  readonly history: History;
  /** Presence events (enter/update/leave), kept like messages for presence history. */
  readonly presenceHistory: History;
  /** Message ids published lately, for idempotent publishing. */
  readonly recentIds: RecentIds;
  lastActivity: number;

  constructor(
    readonly name: string,
    epoch: string,
    historyOptions: HistoryOptions,
    idempotency: IdempotencyOptions,
    now: number,
  ) {
    this.epoch = epoch;
    this.history = new History(historyOptions);
    this.presenceHistory = new History(historyOptions);
    this.recentIds = new RecentIds(idempotency);
    this.lastActivity = now;
  }

  /** Opaque serial handed to clients: `<epoch>:<seq>` (base 36). */
  serial(seq = this.seq): string {
    return `${this.epoch}:${seq.toString(36)}`;
  }

  /** The seq encoded in a serial of this channel's current epoch, or null. */
  parseSerial(serial: string | undefined): number | null {
    if (!serial) return null;
    const i = serial.lastIndexOf(':');
    if (i < 0 || serial.slice(0, i) !== this.epoch) return null;
    const n = Number.parseInt(serial.slice(i + 1), 36);
    return Number.isSafeInteger(n) && n >= 0 && n <= this.seq ? n : null;
  }

  nextSerial(): string {
    this.seq++;
    return this.serial();
  }

  isIdle(): boolean {
    // A channel that still remembers message ids must stay, or a retry would be delivered again.
    return (
      this.attachments.size === 0 &&
      this.presence.size === 0 &&
      this.history.size === 0 &&
      this.presenceHistory.size === 0 &&
      this.recentIds.size === 0
    );
  }

  /**
   * Fan-out. Each format is serialised at most once; per subscriber we only test two
   * bits and hand the shared frame to its transport.
   */
  deliver(
    pm: ProtocolMessage,
    requiredMode: number,
    origin: Subscriber | null,
    respectEcho: boolean,
  ): number {
    const cache = new FrameCache(pm);
    let sent = 0;
    for (const a of this.attachments) {
      if (a.paused || (a.modes & requiredMode) === 0) continue;
      const c = a.conn;
      if (respectEcho && c === origin && !c.echo) continue;
      if (!c.isLive()) continue;
      c.sendFrame(cache.get(c.format));
      sent++;
    }
    return sent;
  }
}

export const SUBSCRIBE_MODE = Flag.SUBSCRIBE;
export const PRESENCE_SUBSCRIBE_MODE = Flag.PRESENCE_SUBSCRIBE;
