import { Channel } from './channel';
import type { Connection } from './connection';
import { randomId } from './encoding';
import type { EngineConfig } from './options';
import type { KeyStore } from './tokens';
import type { Logger } from './transport';

/**
 * What the concept modules (lifecycle, attach, presence, publish, auth, queries) share:
 * the resolved config, every connection and channel, and the counters behind /stats.
 * Owned by one BrokerEngine; nothing here knows about sockets or HTTP.
 */
export class BrokerState {
  readonly connections = new Map<string, Connection>();
  readonly channels = new Map<string, Channel>();
  /** Connections with a transport right now (dropped-but-resumable ones excluded). */
  liveConnections = 0;
  /** Live connections per key name, then clientId (`lifecycle.ts` `recount`), for the per-client cap. */
  readonly liveByClient = new Map<string, Map<string, number>>();
  closed = false;
  readonly counters = { messagesIn: 0, messagesOut: 0, connectionsOpened: 0 };
  readonly rates = { at: 0, inBase: 0, outBase: 0, inPerSecond: 0, outPerSecond: 0 };
  readonly startedAt: number;
  /** Set by the engine: what to do with a connection whose socket stopped draining. */
  onSlowConsumer: (conn: Connection) => void = () => {};

  constructor(
    readonly config: EngineConfig,
    readonly keys: KeyStore,
    readonly logger: Logger,
    private readonly clock: () => number,
  ) {
    this.startedAt = this.now();
    this.rates.at = this.startedAt;
  }

  now(): number {
    return this.clock();
  }

  /** The channel, created on first use (idle channels are swept by the engine's ticker). */
  channel(name: string): Channel {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = new Channel(name, randomId(6), this.config.history, this.config.idempotency, this.now());
      this.channels.set(name, ch);
    }
    return ch;
  }
}
