import * as Ably from 'ably';
import type { Logger } from 'pino';
import type { Store } from '../../../domain';
import type { Database } from '../db/database';
import { type OutboxQueue, type OutboxRow, outboxQueue } from '../db/outbox';
import { sqlStore } from '../db/store';

/**
 * Delivers the outbox (ADR 0081): what committed changes planned to publish, in the order they
 * were stored per channel, with bounded concurrency, retrying with backoff while the realtime
 * service is unreachable, and picking up where it left off after a restart. Never touches the
 * request path: a route answers as soon as its transaction commits. With several API processes
 * on one database, one of them delivers at a time (`OutboxQueue.claim`).
 */
export interface Publisher {
  /** New rows were committed: deliver them soon. */
  kick(): void;
  /** What is waiting, for `/api/health`. */
  backlog(): Promise<{ pending: number; oldestAgeMs: number }>;
  /** Resolves once the outbox is empty and nothing is in flight. */
  idle(): Promise<void>;
  /** Stops delivering; what is left stays stored for the next start. */
  close(): Promise<void>;
}

export const noopPublisher: Publisher = {
  kick() {},
  backlog: async () => ({ pending: 0, oldestAgeMs: 0 }),
  idle: async () => {},
  close: async () => {},
};

/** Sends one channel's messages (in order, one request). Rejects on failure. */
export type ChannelSender = (
  channel: string,
  messages: Array<{ id: string; name: string; data: unknown }>,
) => Promise<void>;

export interface RestTarget {
  key: string;
  /** Local broker: host and port over plain http. Absent: Ably's cloud. */
  local?: { host: string; port: number };
  /** Per-request timeout; a broker that is down costs at most this, off the request path. */
  timeoutMs?: number;
}

/** An Ably REST client for the API's own use (publishing, token revocation), with the key. */
export function ablyRest(target: RestTarget): Ably.Rest {
  return new Ably.Rest({
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
}

export function ablyRestSender(target: RestTarget | Ably.Rest): ChannelSender {
  const rest = target instanceof Ably.Rest ? target : ablyRest(target);
  return async (channel, messages) => {
    await rest.channels.get(channel).publish(messages);
  };
}

/** Revokes every realtime token of a user: their live connections lose access (ADR 0082). */
export type TokenRevoker = (clientId: string) => Promise<void>;

export function ablyTokenRevoker(rest: Ably.Rest): TokenRevoker {
  return async (clientId) => {
    // Every token issued until now. A JWT's `iat` has whole seconds, so the user's other,
    // still signed-in devices may be refused for the rest of this second; their SDK retries.
    const issuedBefore = Date.now();
    const result = await rest.auth.revokeTokens([{ type: 'clientId', value: clientId }], {
      issuedBefore,
    });
    if (result.failureCount > 0) throw new Error(`token revocation failed for ${clientId}`);
  };
}

export interface PublisherOptions {
  /** Channels with a batch in flight at once. */
  concurrency?: number;
  /** Messages in one channel's request. */
  batchSize?: number;
  /** First retry delay; doubles per failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** How many stored rows one pass looks at (older rows always come first). */
const WINDOW = 2000;

export function createPublisher(
  queue: OutboxQueue,
  send: ChannelSender,
  logger: Logger,
  options: PublisherOptions = {},
): Publisher {
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 100;
  const retryMs = options.retryMs ?? 200;
  const maxRetryMs = options.maxRetryMs ?? 5000;

  const inFlight = new Map<string, Promise<void>>();
  /**
   * Per channel, the last row delivered and removed, and when (a count of removals). A read
   * that started before that removal may still return those rows: they are skipped, not sent
   * twice. Entries older than a pass's read are dropped by that pass.
   */
  const removed = new Map<string, { seq: number; at: number }>();
  let removals = 0;
  /** Per channel: consecutive failures and when it may be tried again. */
  const failing = new Map<string, { failures: number; retryAt: number }>();
  let closed = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiters: Array<() => void> = [];

  const settle = () => {
    for (const wake of waiters.splice(0)) wake();
  };

  function wakeAt(at: number) {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(pump, Math.max(0, at - Date.now()));
    timer.unref?.();
  }

  async function deliver(channel: string, rows: OutboxRow[]) {
    const messages = rows.map((r) => ({ id: r.id, name: r.name, data: JSON.parse(r.data) }));
    try {
      await send(channel, messages);
      failing.delete(channel);
      await queue.remove(rows.map((r) => r.seq));
      removed.set(channel, { seq: rows.at(-1)!.seq, at: ++removals });
    } catch (error) {
      const failures = (failing.get(channel)?.failures ?? 0) + 1;
      const delay = Math.min(maxRetryMs, retryMs * 2 ** (failures - 1));
      failing.set(channel, { failures, retryAt: Date.now() + delay });
      const log = failures === 1 ? logger.warn.bind(logger) : logger.debug.bind(logger);
      log(
        { err: error, channel, events: rows.map((r) => r.name), failures, retryInMs: delay },
        'realtime publish failed; kept in the outbox, will retry',
      );
    }
  }

  /** One pass: start a batch on every channel that is free to go, oldest rows first. */
  async function pass(): Promise<void> {
    if (!(await queue.claim())) {
      // Another process delivers; stand by to take over if it stops.
      if (queue.pollMs !== null) wakeAt(Date.now() + queue.pollMs);
      return settle();
    }
    const readFrom = removals;
    const rows = await queue.oldest(WINDOW);
    for (const [channel, last] of removed) if (last.at <= readFrom) removed.delete(channel);
    const now = Date.now();
    const byChannel = new Map<string, OutboxRow[]>();
    let nextRetry = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      if (inFlight.has(row.channel)) continue;
      if (row.seq <= (removed.get(row.channel)?.seq ?? 0)) continue;
      const retry = failing.get(row.channel);
      if (retry && retry.retryAt > now) {
        nextRetry = Math.min(nextRetry, retry.retryAt);
        continue;
      }
      const batch = byChannel.get(row.channel) ?? [];
      if (batch.length < batchSize) batch.push(row);
      byChannel.set(row.channel, batch);
    }
    for (const [channel, batch] of byChannel) {
      if (inFlight.size >= concurrency || closed) break;
      const task = deliver(channel, batch).finally(() => {
        inFlight.delete(channel);
        pump();
      });
      inFlight.set(channel, task);
    }
    if (Number.isFinite(nextRetry)) wakeAt(nextRetry);
    else if (queue.pollMs !== null) wakeAt(Date.now() + queue.pollMs);
    if (rows.length === 0 && inFlight.size === 0) settle();
  }

  function pump(): void {
    if (closed) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          logger.error({ err: error }, 'outbox pass failed');
        }
      } while (again && !closed);
      pumping = null;
    })();
  }

  // Whatever a previous run left behind goes first; other processes' commits wake us too.
  queueMicrotask(pump);
  const watching = queue
    .watch(() => queueMicrotask(pump))
    .catch((error: unknown) => {
      logger.warn({ err: error }, "outbox: not told of other processes' commits; polling");
      return async () => {};
    });

  return {
    kick: () => queueMicrotask(pump),
    backlog: () => queue.backlog(Date.now()),
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        pump();
      });
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await pumping;
      await Promise.allSettled([...inFlight.values()]);
      await (await watching)();
      settle();
      waiters = [];
    },
  };
}

/**
 * The API's store and its publisher, wired together: a commit that stored publishes kicks
 * the publisher. Without a sender (REALTIME=off) planned publishes are dropped, not stored.
 */
export function storeWithDelivery(
  database: Database,
  send: ChannelSender | null,
  logger: Logger,
  options?: PublisherOptions,
): { store: Store; publisher: Publisher } {
  if (!send) {
    return { store: sqlStore(database, { keepPublishes: false }), publisher: noopPublisher };
  }
  let publisher: Publisher = noopPublisher;
  const store = sqlStore(database, { onPublishesStored: () => publisher.kick() });
  publisher = createPublisher(outboxQueue(database), send, logger, options);
  return { store, publisher };
}
