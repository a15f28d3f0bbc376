import type * as Ably from 'ably';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, type RunningBroker, startBroker } from '../../broker/node/index';
import { brokerSender } from '../src/realtime/brokerSender';
import { ablyRest, ablyRestSender, type ChannelSender } from '../src/realtime/publisher';
import { localRealtime, waitFor } from './helpers';

// The in-process sender for the embedded broker against a real broker and a real `ably` SDK
// subscriber, side by side with the REST sender it replaces: same deliveries, same history,
// the same idempotency by message id.

const key = generateKey('test');
let broker: RunningBroker;
let subscriber: Ably.Realtime;
let rest: Ably.Rest;
let viaBroker: ChannelSender;
let viaRest: ChannelSender;

beforeAll(async () => {
  broker = await startBroker({ port: 0, host: '127.0.0.1', keys: [{ key }] });
  // A bound for a busy machine, not a measure: the test waits for deliveries, not for time.
  rest = ablyRest({ key, local: { host: '127.0.0.1', port: broker.port }, timeoutMs: 10_000 });
  viaBroker = brokerSender(broker);
  viaRest = ablyRestSender(rest);
  subscriber = localRealtime(broker.port, { key });
  await subscriber.connection.whenState('connected');
});

afterAll(async () => {
  subscriber?.close();
  await broker?.close();
});

async function record(channel: string) {
  const got: Ably.Message[] = [];
  await subscriber.channels.get(channel).subscribe((m) => {
    got.push(m);
  });
  return got;
}

const summary = (list: Ably.Message[]) =>
  list.map((m) => ({ id: m.id, name: m.name, data: m.data, encoding: m.encoding ?? null }));

describe('brokerSender', () => {
  it('delivers what the REST sender delivers: ids, names, decoded data, in order', async () => {
    const channel = 'customer:c1:bookings';
    const got = await record(channel);
    const data = { bookingId: 'b1', status: 'approved', nested: { at: [1, 2] } };
    await viaRest(channel, [
      { id: 'r1', name: 'booking.status_changed', data },
      { id: 'r2', name: 'note', data: 'plain text' },
    ]);
    await viaBroker(channel, [
      { id: 'p1', name: 'booking.status_changed', data },
      { id: 'p2', name: 'note', data: 'plain text' },
      { id: 'p3', name: 'list', data: ['a', 'b'] },
    ]);
    await waitFor(() => got.length >= 5, 5000, 'five messages');
    expect(summary(got)).toEqual([
      { id: 'r1', name: 'booking.status_changed', data, encoding: null },
      { id: 'r2', name: 'note', data: 'plain text', encoding: null },
      { id: 'p1', name: 'booking.status_changed', data, encoding: null },
      { id: 'p2', name: 'note', data: 'plain text', encoding: null },
      { id: 'p3', name: 'list', data: ['a', 'b'], encoding: null },
    ]);
    // History holds both kinds alike (the SDK decodes the stored JSON encoding).
    const history = await rest.channels.get(channel).history({ direction: 'forwards' });
    expect(summary(history.items)).toEqual(summary(got));
  });

  it('delivers a repeated id once, whichever sender repeats it', async () => {
    const channel = 'admin:bookings:br_test';
    const got = await record(channel);
    const m = (id: string) => ({ id, name: 'booking.created', data: { id } });
    await viaBroker(channel, [m('x1')]);
    await viaBroker(channel, [m('x1')]); // an outbox retry after a lost acknowledgement
    await viaRest(channel, [m('x1'), m('x2')]);
    await viaBroker(channel, [m('x2'), m('x3')]);
    // Per-channel order: once x3 is in, any duplicate of x1/x2 would have arrived before it.
    await waitFor(() => got.some((g) => g.id === 'x3'), 5000, 'x3');
    expect(got.map((g) => g.id)).toEqual(['x1', 'x2', 'x3']);
  });

  it('rejects (the outbox keeps the rows) for data the SDK refuses and once the broker closes', async () => {
    await expect(viaBroker('c', [{ id: 'n1', name: 'n', data: 42 }])).rejects.toThrow(
      /unsupported message data/,
    );
    await expect(viaBroker('[bad', [{ id: 'n2', name: 'n', data: 'x' }])).rejects.toMatchObject({
      code: 40010,
    });
    const other = await startBroker({ port: 0, host: '127.0.0.1', keys: [{ key }] });
    const send = brokerSender(other);
    await send('c', [{ id: 'n3', name: 'n', data: 'x' }]);
    await other.close();
    await expect(send('c', [{ id: 'n4', name: 'n', data: 'x' }])).rejects.toMatchObject({
      code: 80003,
    });
  });
});
