import type { ProtocolMessage, WireMessage, WirePresenceMessage } from './protocol';

export interface HistoryOptions {
  /** Keep at most this many messages per channel (default 1000). */
  maxMessages: number;
  /** Drop messages older than this (ms, default 120000). */
  maxAgeMs: number;
}

export interface HistoryEntry {
  seq: number;
  timestamp: number;
  /** The delivered MESSAGE protocol message (shared with the live fan-out, never mutated). */
  pm: ProtocolMessage;
}

export interface HistoryQuery {
  start?: number;
  end?: number;
  limit: number;
  direction: 'forwards' | 'backwards';
  after?: Cursor;
  /** Only entries with seq ≤ untilSeq. */
  untilSeq?: number;
}

/**
 * Per-channel retained messages, oldest first. Stored as the protocol messages that were
 * fanned out, so replay after resume can resend them with their channelSerials.
 */
export class History {
  private entries: HistoryEntry[] = [];
  private head = 0; // index of the oldest live entry (amortised O(1) dropping)
  private messageCount = 0;
  /** Highest seq ever dropped from retention: replay from below it is impossible. */
  prunedUpTo = 0;

  constructor(private readonly opts: HistoryOptions) {}

  get size(): number {
    return this.messageCount;
  }

  append(entry: HistoryEntry): void {
    this.entries.push(entry);
    this.messageCount += itemCount(entry.pm);
    while (this.messageCount > this.opts.maxMessages && this.head < this.entries.length) {
      this.dropOldest();
    }
  }

  prune(now: number): void {
    const cutoff = now - this.opts.maxAgeMs;
    while (this.head < this.entries.length && this.entries[this.head]!.timestamp < cutoff) {
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const e = this.entries[this.head]!;
    this.messageCount -= itemCount(e.pm);
    this.prunedUpTo = e.seq;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** Entries with seq > fromSeq, oldest first. */
  since(fromSeq: number): HistoryEntry[] {
    const out: HistoryEntry[] = [];
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const e = this.entries[i]!;
      if (e.seq <= fromSeq) break;
      out.push(e);
    }
    return out.reverse();
  }

  /** Protocol messages holding the last `count` messages (first one trimmed if needed). */
  lastMessages(count: number): ProtocolMessage[] {
    const out: ProtocolMessage[] = [];
    let remaining = count;
    for (let i = this.entries.length - 1; i >= this.head && remaining > 0; i--) {
      const pm = this.entries[i]!.pm;
      const msgs = pm.messages ?? [];
      if (msgs.length <= remaining) {
        out.push(pm);
        remaining -= msgs.length;
      } else {
        // Keep the newest `remaining` messages, with ids/fields made explicit.
        const all = flatten(pm);
        out.push({ ...pm, id: undefined, messages: all.slice(all.length - remaining) });
        remaining = 0;
      }
    }
    return out.reverse();
  }

  /** Protocol messages published at or after `since` (ms epoch). */
  messagesSince(since: number): ProtocolMessage[] {
    const out: ProtocolMessage[] = [];
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const e = this.entries[i]!;
      if (e.timestamp < since) break;
      out.push(e.pm);
    }
    return out.reverse();
  }

  /**
   * REST history: individual messages with ids, timestamps and connectionIds filled in.
   * `after` is an exclusive cursor (the position of the last item of the previous page),
   * so pages never repeat or skip messages that share a timestamp. `next` is set when at
   * least one more message exists.
   */
  query(q: HistoryQuery): { items: Array<WireMessage | WirePresenceMessage>; next: Cursor | null } {
    const items: Array<WireMessage | WirePresenceMessage> = [];
    const inRange = (t: number) =>
      (q.start === undefined || t >= q.start) && (q.end === undefined || t <= q.end);
    const after = q.after;
    let last: Cursor | null = null;
    const backwards = q.direction === 'backwards';
    const n = this.entries.length;
    for (let k = 0; k < n - this.head; k++) {
      const e = this.entries[backwards ? n - 1 - k : this.head + k]!;
      if (after && (backwards ? e.seq > after.seq : e.seq < after.seq)) continue;
      if (q.untilSeq !== undefined && e.seq > q.untilSeq) continue;
      if (!inRange(e.timestamp)) continue;
      const msgs = e.pm.messages ? flatten(e.pm) : (e.pm.presence ?? []);
      for (let m = 0; m < msgs.length; m++) {
        const j = backwards ? msgs.length - 1 - m : m;
        if (after && e.seq === after.seq && (backwards ? j >= after.index : j <= after.index)) {
          continue;
        }
        if (items.length === q.limit) return { items, next: last };
        items.push(msgs[j]!);
        last = { seq: e.seq, index: j };
      }
    }
    return { items, next: null };
  }
}

export interface Cursor {
  seq: number;
  index: number;
}

/** Messages (or presence events: the same store keeps presence history) in one entry. */
function itemCount(pm: ProtocolMessage): number {
  return pm.messages?.length ?? pm.presence?.length ?? 0;
}

/** Messages of a protocol message with the fields the SDK would inherit from the parent. */
export function flatten(pm: ProtocolMessage): WireMessage[] {
  const msgs = pm.messages ?? [];
  return msgs.map((m, i) => ({
    ...m,
    id: m.id ?? (pm.id ? `${pm.id}:${i}` : undefined),
    connectionId: m.connectionId ?? pm.connectionId,
    timestamp: m.timestamp ?? pm.timestamp,
  }));
}
