import { encodeFrame } from './codec';
import type { MessageFilter } from './filterExpression';
import { History, type HistoryOptions } from './history';
import { type IdempotencyOptions, RecentIds } from './idempotency';
import { PresenceSet } from './presenceSet';
import { Flag, type Format, type ProtocolMessage, type WireMessage } from './protocol';

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
  /** What the client attached to: the channel, or a filtered view of one (`[filter=…]name`). */
  readonly channel: Channel | FilteredChannel;
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
  /** Subscription-filtered views, by their qualified name; null (the usual case) when none. */
  filtered: Map<string, FilteredChannel> | null = null;
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

  /** The channel itself (a FilteredChannel answers with the channel it filters). */
  get base(): Channel {
    return this;
  }

  /** The filtered view named `name` (`[filter=…]<this name>`), made on first use. */
  filteredView(name: string, filter: MessageFilter): FilteredChannel {
    this.filtered ??= new Map();
    let view = this.filtered.get(name);
    if (!view) {
      view = new FilteredChannel(name, this, filter);
      this.filtered.set(name, view);
    }
    return view;
  }

  /** Forgets views nobody is attached to (detach, or connections discarded). */
  pruneFiltered(): void {
    const views = this.filtered;
    if (!views) return;
    for (const [name, view] of views) if (view.attachments.size === 0) views.delete(name);
    if (views.size === 0) this.filtered = null;
  }

  isIdle(): boolean {
    this.pruneFiltered();
    // A channel that still remembers message ids must stay, or a retry would be delivered again.
    return (
      this.attachments.size === 0 &&
      this.filtered === null &&
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
    if (this.filtered !== null) sent += this.deliverFiltered(pm, requiredMode, origin, respectEcho);
    return sent;
  }

  /** Filtered views get messages only, each evaluating its filter once per message. */
  private deliverFiltered(
    pm: ProtocolMessage,
    requiredMode: number,
    origin: Subscriber | null,
    respectEcho: boolean,
  ): number {
    if (requiredMode !== Flag.SUBSCRIBE || this.filtered === null) return 0;
    let sent = 0;
    for (const view of this.filtered.values()) {
      if (view.attachments.size === 0) continue;
      const out = view.project(pm);
      if (out === null) continue;
      sent += fanOut(view.attachments, new FrameCache(out), requiredMode, origin, respectEcho);
    }
    return sent;
  }
}

/** The same loop as `deliver`'s, for a filtered view's subscribers. */
function fanOut(
  attachments: Set<Attachment>,
  cache: FrameCache,
  requiredMode: number,
  origin: Subscriber | null,
  respectEcho: boolean,
): number {
  let sent = 0;
  for (const a of attachments) {
    if (a.paused || (a.modes & requiredMode) === 0) continue;
    const c = a.conn;
    if (respectEcho && c === origin && !c.echo) continue;
    if (!c.isLive()) continue;
    c.sendFrame(cache.get(c.format));
    sent++;
  }
  return sent;
}

/**
 * A subscription-filtered view of a channel (`[filter=<base64>]name`): its own attachments,
 * the base channel's messages and serials. Subscribe-only: no publish, presence, history.
 */
export class FilteredChannel {
  readonly attachments = new Set<Attachment>();

  constructor(
    /** The qualified name the clients attached with; every frame they get carries it. */
    readonly name: string,
    readonly base: Channel,
    readonly filter: MessageFilter,
  ) {}

  serial(): string {
    return this.base.serial();
  }

  /**
   * The MESSAGE as this view's subscribers get it: renamed to the view, with only the
   * messages that pass the filter (null when none does). Messages keep the ids they have on
   * the base channel (`<pm id>:<index>` is made explicit when some are left out).
   */
  project(pm: ProtocolMessage): ProtocolMessage | null {
    const messages = pm.messages;
    if (!messages || messages.length === 0) return null;
    let kept: WireMessage[] | null = null;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      if (this.filter.matches(m)) {
        if (kept !== null) kept.push(withId(m, pm, i));
      } else if (kept === null) {
        kept = [];
        for (let j = 0; j < i; j++) kept.push(withId(messages[j]!, pm, j));
      }
    }
    if (kept !== null && kept.length === 0) return null;
    return { ...pm, channel: this.name, messages: kept ?? messages };
  }
}

function withId(m: WireMessage, pm: ProtocolMessage, i: number): WireMessage {
  return m.id !== undefined || pm.id === undefined ? m : { ...m, id: `${pm.id}:${i}` };
}

export const SUBSCRIBE_MODE = Flag.SUBSCRIBE;
export const PRESENCE_SUBSCRIBE_MODE = Flag.PRESENCE_SUBSCRIBE;
