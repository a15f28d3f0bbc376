import { errors } from './errors';
import { Flag, type WirePresenceMessage } from './protocol';
import type { BrokerState } from './state';

// What the engine answers without a connection: history, presence, channel status and
// stats (the REST reads, and the embedding API).

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

export interface HistoryRequest {
  start?: number;
  end?: number;
  limit?: number;
  direction?: 'forwards' | 'backwards';
  after?: { seq: number; index: number };
  /** A channelSerial (history `untilAttach` sends `from_serial`): nothing newer than it. */
  untilSerial?: string;
}

/** Message history, or with `presence` the channel's presence events. */
export function history(
  state: BrokerState,
  channelName: string,
  query: HistoryRequest,
  kind: 'messages' | 'presence' = 'messages',
) {
  const ch = state.channels.get(channelName);
  if (!ch) return { items: [], next: null };
  const store = kind === 'presence' ? ch.presenceHistory : ch.history;
  store.prune(state.now());
  let untilSeq: number | undefined;
  if (query.untilSerial !== undefined) {
    const seq = ch.parseSerial(query.untilSerial);
    if (seq === null) throw errors.invalidParameter('from_serial is not a serial of this channel');
    untilSeq = seq;
  }
  return store.query({
    start: query.start,
    end: query.end,
    limit: Math.max(1, Math.min(query.limit ?? 100, 1000)),
    direction: query.direction ?? 'backwards',
    after: query.after,
    untilSeq,
  });
}

export function presenceMembers(
  state: BrokerState,
  channelName: string,
  filter?: { clientId?: string; connectionId?: string },
): WirePresenceMessage[] {
  return state.channels.get(channelName)?.presence.list(filter) ?? [];
}

/** Ably's ChannelDetails (occupancy metrics) for `GET /channels/{name}`. */
export function channelStatus(state: BrokerState, channelName: string) {
  const ch = state.channels.get(channelName);
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

/** Names of the active channels (attached or with presence), sorted, optionally by prefix. */
export function activeChannels(state: BrokerState, prefix = ''): string[] {
  const names: string[] = [];
  for (const [name, ch] of state.channels) {
    if (!name.startsWith(prefix)) continue;
    if (ch.attachments.size > 0 || ch.presence.size > 0) names.push(name);
  }
  return names.sort();
}

export function stats(state: BrokerState): BrokerStats {
  return {
    connections: state.liveConnections,
    suspendedConnections: state.connections.size - state.liveConnections,
    channels: state.channels.size,
    messagesIn: state.counters.messagesIn,
    messagesOut: state.counters.messagesOut,
    messagesInPerSecond: state.rates.inPerSecond,
    messagesOutPerSecond: state.rates.outPerSecond,
    connectionsOpened: state.counters.connectionsOpened,
    uptimeMs: state.now() - state.startedAt,
  };
}

/** Once a second: the per-second rates /stats reports. */
export function updateRates(state: BrokerState, now: number): void {
  const r = state.rates;
  if (now - r.at < 1000) return;
  const secs = (now - r.at) / 1000;
  r.inPerSecond = Math.round((state.counters.messagesIn - r.inBase) / secs);
  r.outPerSecond = Math.round((state.counters.messagesOut - r.outBase) / secs);
  r.at = now;
  r.inBase = state.counters.messagesIn;
  r.outBase = state.counters.messagesOut;
}
