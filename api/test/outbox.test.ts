import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Publish } from '../../contract';
import { type ChannelSender, storeWithDelivery } from '../src/realtime/publisher';
import { waitFor } from './helpers';
import { freshDatabase } from './testDatabase';

// The outbox and its publisher on a real database (SQLite, or PostgreSQL in the `postgres`
// project), with a sender we control.

const logger = pino({ level: 'silent' });
const event = (channel: string, n: number): Publish =>
  ({ channel, name: 'queue:update', data: { n } }) as never;

function recordingSender(fail: (channel: string, attempt: number) => boolean = () => false) {
  const sent: Array<{ channel: string; ids: string[]; ns: number[] }> = [];
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const send: ChannelSender = async (channel, messages) => {
    const attempt = (attempts.get(channel) ?? 0) + 1;
    attempts.set(channel, attempt);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight -= 1;
    if (fail(channel, attempt)) throw new Error(`${channel} unreachable`);
    sent.push({
      channel,
      ids: messages.map((m) => m.id),
      ns: messages.map((m) => (m.data as { n: number }).n),
    });
  };
  return { send, sent, attempts, maxInFlight: () => maxInFlight };
}

async function addEvents(
  store: ReturnType<typeof storeWithDelivery>['store'],
  events: Publish[],
  thenFail = false,
) {
  await store.write(async (tx) => {
    await tx.outbox.add(events);
    if (thenFail) throw new Error('the change failed');
  });
}

describe('outbox', () => {
  it('stores publishes with the change: a failed change publishes nothing', async () => {
    const db = await freshDatabase({ seed: false });
    const sender = recordingSender();
    const { store, publisher } = storeWithDelivery(db, sender.send, logger, { retryMs: 5 });
    await expect(addEvents(store, [event('a', 1)], true)).rejects.toThrow('the change failed');
    await addEvents(store, [event('a', 2), event('b', 3)]);
    await publisher.idle();
    expect(sender.sent.map((s) => [s.channel, s.ns])).toEqual([
      ['a', [2]],
      ['b', [3]],
    ]);
    expect(await publisher.backlog()).toEqual({ pending: 0, oldestAgeMs: 0 });
    await publisher.close();
  });

  it('keeps per-channel order through failures, with the same ids on every retry', async () => {
    const db = await freshDatabase({ seed: false });
    // Channel a fails its first three attempts; b always works.
    const sender = recordingSender((channel, attempt) => channel === 'a' && attempt <= 3);
    const { store, publisher } = storeWithDelivery(db, sender.send, logger, { retryMs: 5 });
    await addEvents(store, [event('a', 1), event('b', 1)]);
    await waitFor(() => (sender.attempts.get('a') ?? 0) >= 2, 5000, 'a retried');
    await addEvents(store, [event('a', 2), event('b', 2)]);
    await addEvents(store, [event('a', 3)]);
    await publisher.idle();
    const a = sender.sent.filter((s) => s.channel === 'a');
    expect(a.flatMap((s) => s.ns)).toEqual([1, 2, 3]);
    expect(sender.sent.filter((s) => s.channel === 'b').flatMap((s) => s.ns)).toEqual([1, 2]);
    expect(new Set(sender.sent.flatMap((s) => s.ids)).size).toBe(5);
    await publisher.close();
  });

  it('reports its backlog while the realtime service is down, and delivers after a restart', async () => {
    const db = await freshDatabase({ seed: false });
    const down = recordingSender(() => true);
    const first = storeWithDelivery(db, down.send, logger, { retryMs: 5, maxRetryMs: 20 });
    await addEvents(first.store, [event('a', 1), event('a', 2), event('c', 1)]);
    await waitFor(() => (down.attempts.get('a') ?? 0) >= 2, 5000, 'retries');
    const backlog = await first.publisher.backlog();
    expect(backlog.pending).toBe(3);
    expect(backlog.oldestAgeMs).toBeGreaterThanOrEqual(0);
    await first.publisher.close();

    const up = recordingSender();
    const second = storeWithDelivery(db, up.send, logger);
    await second.publisher.idle();
    expect(up.sent.map((s) => [s.channel, s.ns])).toEqual([
      ['a', [1, 2]],
      ['c', [1]],
    ]);
    await second.publisher.close();
  });

  it('bounds concurrency and batch size whatever the backlog', async () => {
    const db = await freshDatabase({ seed: false });
    const sender = recordingSender();
    const { store, publisher } = storeWithDelivery(db, sender.send, logger, {
      concurrency: 3,
      batchSize: 10,
    });
    const many = Array.from({ length: 20 }, (_, c) =>
      Array.from({ length: 25 }, (_, n) => event(`ch${c}`, n)),
    ).flat();
    await addEvents(store, many);
    await publisher.idle();
    expect(sender.maxInFlight()).toBeLessThanOrEqual(3);
    expect(Math.max(...sender.sent.map((s) => s.ids.length))).toBeLessThanOrEqual(10);
    expect(sender.sent.flatMap((s) => s.ids)).toHaveLength(500);
    for (let c = 0; c < 20; c += 1) {
      const ns = sender.sent.filter((s) => s.channel === `ch${c}`).flatMap((s) => s.ns);
      expect(ns).toEqual(Array.from({ length: 25 }, (_, n) => n));
    }
    await publisher.close();
  });

  it('drops planned publishes when realtime is off', async () => {
    const db = await freshDatabase({ seed: false });
    const { store, publisher } = storeWithDelivery(db, null, logger);
    await addEvents(store, [event('a', 1)]);
    expect(await db.sql.get('SELECT COUNT(*) AS n FROM outbox')).toEqual({ n: 0 });
    expect(await publisher.backlog()).toEqual({ pending: 0, oldestAgeMs: 0 });
  });
});
