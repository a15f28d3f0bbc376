import { randomBytes } from 'node:crypto';
import * as Ably from 'ably';
import type { Logger } from 'pino';
import type { Publish } from '../../../contract';

/**
 * Publishes fan-out messages after a commit. `publish` never throws and never blocks the
 * caller: the HTTP response does not wait for realtime (DESIGN §5).
 */
export interface Publisher {
  publish(messages: readonly Publish[]): void;
  /** Resolves when everything handed over so far has been delivered or given up on. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const noopPublisher: Publisher = {
  publish() {},
  idle: async () => {},
  close: async () => {},
};

/** Sends one channel's messages (in order, one request). Rejects on failure. */
export type ChannelSender = (
  channel: string,
  messages: Array<{ id?: string; name: string; data: unknown }>,
) => Promise<void>;

export interface RestTarget {
  key: string;
  /** Local broker: host and port over plain http. Absent: Ably's cloud. */
  local?: { host: string; port: number };
  /** Per-request timeout; a broker that is down costs at most this, off the request path. */
  timeoutMs?: number;
}

export function ablyRestSender(target: RestTarget): ChannelSender {
  const rest = new Ably.Rest({
    key: target.key,
    httpRequestTimeout: target.timeoutMs ?? 2000,
    ...(target.local
      ? {
          endpoint: target.local.host,
          port: target.local.port,
          tls: false,
          fallbackHosts: [],
          useBinaryProtocol: false,
        }
      : {}),
    logLevel: 0,
  });
  return async (channel, messages) => {
    await rest.channels.get(channel).publish(messages);
  };
}

/**
 * Groups a mutation's publishes per channel and sends each channel's batch in parallel,
 * retrying a failed batch once; a second failure is logged and dropped.
 */
export function createPublisher(
  send: ChannelSender,
  logger: Logger,
  retryDelayMs = 200,
): Publisher {
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  async function deliver(channel: string, batch: Array<{ name: string; data: unknown }>) {
    // Our own message ids, identical on the retry, so a retried batch that did arrive the
    // first time is recognised as a duplicate (Ably idempotent publishing).
    const base = randomBytes(9).toString('base64url');
    const messages = batch.map((m, i) => ({ id: `${base}:${i}`, ...m }));
    try {
      await send(channel, messages);
    } catch (first) {
      await new Promise((r) => setTimeout(r, retryDelayMs));
      try {
        await send(channel, messages);
      } catch (error) {
        logger.error(
          {
            err: error,
            firstError: (first as Error)?.message,
            channel,
            events: messages.map((m) => m.name),
          },
          'realtime publish failed after retry',
        );
      }
    }
  }

  return {
    publish(list) {
      if (closed || list.length === 0) return;
      const byChannel = new Map<string, Array<{ name: string; data: unknown }>>();
      for (const p of list) {
        const batch = byChannel.get(p.channel) ?? [];
        batch.push({ name: p.name, data: p.data });
        byChannel.set(p.channel, batch);
      }
      for (const [channel, messages] of byChannel) {
        const task = deliver(channel, messages).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      closed = true;
      await this.idle();
    },
  };
}
