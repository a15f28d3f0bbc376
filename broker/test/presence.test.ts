import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, startTestBroker, waitFor } from './support';

afterEach(closeAll);

async function members(ch: Ably.RealtimeChannel) {
  const list = await ch.presence.get();
  return list.map((m) => m.clientId).sort();
}

describe('presence', () => {
  test('three clients enter/update/leave; a late joiner gets the set by SYNC', async () => {
    const b = await startTestBroker();
    const name = 'session:t1:presence';
    const alice = b.realtime({ clientId: 'alice' });
    const bob = b.realtime({ clientId: 'bob' });
    const aCh = alice.channels.get(name);
    const bCh = bob.channels.get(name);
    const seenByAlice: string[] = [];
    await aCh.presence.subscribe((m) => {
      seenByAlice.push(`${m.action}:${m.clientId}`);
    });
    await aCh.presence.enter({ typing: false });
    await bCh.presence.enter({ typing: false });
    await bCh.presence.update({ typing: true });
    await waitFor(() => seenByAlice.includes('update:bob'), 'alice sees bob typing');
    expect(seenByAlice).toEqual(['enter:alice', 'enter:bob', 'update:bob']);

    // Carol joins late: she never saw the enters, the SYNC on attach tells her.
    const carol = b.realtime({ clientId: 'carol' });
    const cCh = carol.channels.get(name);
    expect(await members(cCh)).toEqual(['alice', 'bob']);
    const bobData = (await cCh.presence.get({ clientId: 'bob' }))[0]?.data;
    expect(bobData).toEqual({ typing: true });

    const carolSawLeave = new Promise((resolve) => cCh.presence.subscribe('leave', resolve));
    await bCh.presence.leave();
    await waitFor(() => seenByAlice.includes('leave:bob'), 'alice sees bob leave');
    await carolSawLeave;
    expect(await members(cCh)).toEqual(['alice']);
  });

  test('closing a connection makes its members leave at once', async () => {
    const b = await startTestBroker();
    const watcher = b.realtime({ clientId: 'w' });
    const wCh = watcher.channels.get('room');
    const left: string[] = [];
    await wCh.presence.subscribe('leave', (m) => {
      left.push(m.clientId!);
    });
    const goer = b.realtime({ clientId: 'goer' });
    await goer.channels.get('room').presence.enter();
    await waitFor(async () => (await wCh.presence.get()).length === 1);
    goer.close();
    await waitFor(() => left.includes('goer'), 'leave for goer');
    expect(b.broker.engine.presenceMembers('room')).toHaveLength(0);
  });

  test('entering presence needs the presence capability', async () => {
    const b = await startTestBroker();
    const c = b.realtime({
      authCallback: (_p, cb) => {
        b.jwt({ clientId: 'cust', capability: { 'queue:updates': ['subscribe'] } }).then((t) =>
          cb(null, t),
        );
      },
    });
    const ch = c.channels.get('queue:updates');
    await ch.attach();
    await expect(ch.presence.enter()).rejects.toMatchObject({ code: 40160 });
    expect(c.connection.state).toBe('connected');
  });

  test('presence without any clientId is refused (91000)', async () => {
    const b = await startTestBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 10, channel: 'p' });
    await raw.next((f) => f.action === 11, 'ATTACHED');
    raw.send({ action: 14, channel: 'p', msgSerial: 0, presence: [{ action: 2 }] });
    const nack = await raw.next((f) => f.action === 2, 'NACK');
    expect((nack.error as { code: number }).code).toBe(91000);
  });

  test('members are keyed per connection: same clientId on two connections = two members', async () => {
    const b = await startTestBroker();
    const one = b.realtime({ clientId: 'same' });
    const two = b.realtime({ clientId: 'same' });
    await connected(one);
    await one.channels.get('dup').presence.enter('a');
    await two.channels.get('dup').presence.enter('b');
    const list = await one.channels.get('dup').presence.get();
    expect(list.map((m) => m.data).sort()).toEqual(['a', 'b']);
  });
});
