// Idempotent publishing (RSL1k, TM2a): a message whose id the channel has published within
// the window is acknowledged again but not delivered again. This is what makes the API's
// outbox retries exactly-once for subscribers (docs/architecture.md §5, §9).

export interface IdempotencyOptions {
  /** How long a message id is remembered (default 120 000 ms, as Ably). */
  windowMs: number;
  /** Most ids remembered per channel; past it the oldest are forgotten early (default 10 000). */
  maxIds: number;
}

/** The ids one channel published recently, with the serial each one got. */
export class RecentIds {
  // Insertion order is age order (every entry lives for the same window), so pruning
  // only ever looks at the front of the map.
  private readonly ids = new Map<string, { at: number; serial: string }>();

  constructor(private readonly opts: IdempotencyOptions) {}

  get size(): number {
    return this.ids.size;
  }

  /** The serial an id was published with, if it was published within the window. */
  serialOf(id: string, now: number): string | undefined {
    const seen = this.ids.get(id);
    if (!seen || now - seen.at >= this.opts.windowMs) return undefined;
    return seen.serial;
  }

  remember(id: string, serial: string, now: number): void {
    this.ids.delete(id);
    this.ids.set(id, { at: now, serial });
    if (this.ids.size > this.opts.maxIds) {
      const oldest = this.ids.keys().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }

  prune(now: number): void {
    for (const [id, seen] of this.ids) {
      if (now - seen.at < this.opts.windowMs) return;
      this.ids.delete(id);
    }
  }
}
