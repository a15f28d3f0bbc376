import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, recorder, startTestBroker, waitFor } from './support';

// Idempotent publishing (docs/architecture.md §9): a message id the channel has seen in the
// window is acknowledged and not delivered again — REST, realtime and batch.

afterEach(closeAll);

async function restPost(url: string, key: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(key).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Publishes a marker and waits for it, so "nothing else arrived" is a real observation. */
async function settle(
  b: Awaited<ReturnType<typeof startTestBroker>>,
  channel: string,
  rec: { messages: Array<{ name?: string }> },
) {
  await b.rest().channels.get(channel).publish('marker', 'end');
  await waitFor(() => rec.messages.some((m) => m.name === 'marker'), 'marker');
}

describe('idempotent publishing', () => {
  test('REST: the same message id twice is delivered once and both calls succeed', async () => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('idem'));
    const ch = b.rest().channels.get('idem');
    await ch.publish({ id: 'outbox-42', name: 'booking.created', data: { v: 1 } });
    await ch.publish({ id: 'outbox-42', name: 'booking.created', data: { v: 1 } });
    await settle(b, 'idem', rec);
    expect(rec.messages.map((m) => m.id)).toEqual(['outbox-42', expect.any(String)]);
    const history = await ch.history();
    expect(history.items.filter((m) => m.id === 'outbox-42')).toHaveLength(1);
  });

  test('REST retry of an SDK-generated publish (same `base:index` ids) returns the original serials', async () => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('retry'));
    const messages = [
      { id: 'abc123:0', name: 'a', data: 1 },
      { id: 'abc123:1', name: 'b', data: 2 },
    ];
    const first = await restPost(b.url, b.key, '/channels/retry/messages', messages);
    const second = await restPost(b.url, b.key, '/channels/retry/messages', messages);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.serials).toEqual(first.body.serials);
    expect(second.body.messageId).toBe('abc123');
    await settle(b, 'retry', rec);
    expect(rec.messages.map((m) => m.name)).toEqual(['a', 'b', 'marker']);
  });

  test('a publish mixing a seen id and a new one delivers only the new one', async () => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('mix'));
    const ch = b.rest().channels.get('mix');
    await ch.publish({ id: 'm-1', name: 'one' });
    await ch.publish([
      { id: 'm-1', name: 'one' },
      { id: 'm-2', name: 'two' },
      { id: 'm-2', name: 'two' },
    ]);
    await settle(b, 'mix', rec);
    expect(rec.messages.map((m) => m.name)).toEqual(['one', 'two', 'marker']);
  });

  test('realtime: a re-published id is ACKed (publish resolves) but not delivered again', async () => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('rt'));
    const pub = b.realtime();
    const ch = pub.channels.get('rt');
    const r1 = await ch.publish({ id: 'rt-1', name: 'x', data: 'one' });
    const r2 = await ch.publish({ id: 'rt-1', name: 'x', data: 'one' });
    expect(r1?.serials).toHaveLength(1);
    expect(r2?.serials).toEqual(r1?.serials);
    await settle(b, 'rt', rec);
    expect(rec.messages.map((m) => m.id)).toEqual(['rt-1', expect.any(String)]);
  });

  test('REST then realtime: the window is per channel, whoever publishes', async () => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('both'));
    const other = await recorder(sub.channels.get('other'));
    await b.rest().channels.get('both').publish({ id: 'shared', name: 'x' });
    await b.realtime().channels.get('both').publish({ id: 'shared', name: 'x' });
    // The same id on another channel is a different message.
    await b.rest().channels.get('other').publish({ id: 'shared', name: 'y' });
    await other.until(1);
    await settle(b, 'both', rec);
    expect(rec.messages.map((m) => m.name)).toEqual(['x', 'marker']);
  });

  test('batch: each channel of a repeated batch publish delivers once', async () => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const ra = await recorder(sub.channels.get('ba'));
    const rb = await recorder(sub.channels.get('bb'));
    const spec = { channels: ['ba', 'bb'], messages: [{ id: 'batch-1', name: 'n' }] };
    const rest = b.rest();
    const first = await rest.batchPublish(spec);
    const again = await rest.batchPublish(spec);
    expect(first.successCount).toBe(2);
    expect(again.successCount).toBe(2);
    await settle(b, 'ba', ra);
    await settle(b, 'bb', rb);
    expect(ra.messages.map((m) => m.name)).toEqual(['n', 'marker']);
    expect(rb.messages.map((m) => m.name)).toEqual(['n', 'marker']);
  });

  test('after the window the id is new again', async () => {
    const b = await startTestBroker({ idempotencyWindowMs: 150 });
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('win'));
    const ch = b.rest().channels.get('win');
    await ch.publish({ id: 'w', name: 'first' });
    await ch.publish({ id: 'w', name: 'dup' });
    await new Promise((r) => setTimeout(r, 200));
    await ch.publish({ id: 'w', name: 'later' });
    await settle(b, 'win', rec);
    expect(rec.messages.map((m) => m.name)).toEqual(['first', 'later', 'marker']);
  });

  test('a channel nobody is attached to keeps its ids after its history is pruned', async () => {
    const b = await startTestBroker({ historyMaxAgeMs: 10, maxIdleIntervalMs: 100 });
    const first = await restPost(b.url, b.key, '/channels/quiet/messages', { id: 'q', name: 'q' });
    // Housekeeping runs every second: give it time to prune history and sweep idle channels.
    await new Promise((r) => setTimeout(r, 1300));
    const again = await restPost(b.url, b.key, '/channels/quiet/messages', { id: 'q', name: 'q' });
    expect(again.body.serials).toEqual(first.body.serials);
    expect(b.broker.engine.stats().messagesIn).toBe(1);
  });
});
