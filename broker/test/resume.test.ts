import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { type FaultProxy, startProxy } from './proxy';
import { closeAll, connected, recorder, startTestBroker, waitFor } from './support';

let proxy: FaultProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  await closeAll();
});

function attachedChanges(ch: Ably.RealtimeChannel) {
  const changes: Ably.ChannelStateChange[] = [];
  ch.on('attached', (c) => {
    changes.push(c);
  });
  return changes;
}

describe('resume after an abrupt drop', () => {
  test('same connectionId, channel RESUMED, missed messages replayed once and in order', async () => {
    const b = await startTestBroker();
    proxy = await startProxy(b.port);
    const sub = b.realtime({ disconnectedRetryTimeout: 200 }, proxy.port);
    const ch = sub.channels.get('customer:u1:bookings');
    const rec = await recorder(ch);
    const attaches = attachedChanges(ch);
    const id = sub.connection.id;
    const rest = b.rest();
    const pub = rest.channels.get('customer:u1:bookings');
    await pub.publish('before', { n: 0 });
    await rec.until(1);

    proxy.hold();
    proxy.cut();
    await waitFor(() => b.broker.stats().suspendedConnections === 1, 'broker to see the drop');
    for (let n = 1; n <= 5; n++) await pub.publish('during', { n });
    proxy.release();

    await rec.until(6);
    await pub.publish('after', { n: 6 });
    const got = await rec.until(7);
    expect(got.map((m) => m.data.n)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sub.connection.id).toBe(id);
    expect(attaches.at(-1)?.resumed).toBe(true);
    expect(b.broker.stats().connectionsOpened).toBe(1);
  });

  test('the client notices the drop before the broker does: resume still works', async () => {
    const b = await startTestBroker();
    proxy = await startProxy(b.port);
    const sub = b.realtime({}, proxy.port);
    const ch = sub.channels.get('r2');
    const rec = await recorder(ch);
    const id = sub.connection.id;
    // Simulate by forcing the SDK's transport closed; the old socket is retired on resume.
    const cm = (
      sub.connection as unknown as { connectionManager: { disconnectAllTransports(): void } }
    ).connectionManager;
    cm.disconnectAllTransports();
    await connected(sub);
    await waitFor(() => sub.connection.state === 'connected' && ch.state === 'attached');
    await b.rest().channels.get('r2').publish('x', 'y');
    await rec.until(1);
    expect(sub.connection.id).toBe(id);
  });

  test('past connectionStateTtl: a fresh connection, channels re-attach without RESUMED', async () => {
    const b = await startTestBroker({ connectionStateTtlMs: 300 });
    proxy = await startProxy(b.port);
    const sub = b.realtime(
      { disconnectedRetryTimeout: 100, suspendedRetryTimeout: 100 },
      proxy.port,
    );
    const ch = sub.channels.get('r3');
    const rec = await recorder(ch);
    const attaches = attachedChanges(ch);
    const firstId = sub.connection.id;
    proxy.hold();
    proxy.cut();
    await waitFor(() => b.broker.stats().suspendedConnections === 1, 'drop seen');
    await waitFor(() => b.broker.stats().suspendedConnections === 0, 'state expired', 5000);
    await b.rest().channels.get('r3').publish('lost', '1');
    proxy.release();
    await waitFor(
      () => sub.connection.state === 'connected' && ch.state === 'attached',
      'reattached',
    );
    expect(sub.connection.id).not.toBe(firstId);
    expect(attaches.at(-1)?.resumed).toBe(false);
    await b.rest().channels.get('r3').publish('new', '2');
    await waitFor(() => rec.messages.some((m) => m.name === 'new'));
    expect(rec.messages.map((m) => m.name)).not.toContain('lost');
  });

  test('resume with an unknown or malformed key: fresh connection with 80018 (not the retired 80008)', async () => {
    const b = await startTestBroker();
    const unknown = await b.raw({ resume: 'abcdef!ghijkl' });
    const c1 = await unknown.next((f) => f.action === 4, 'CONNECTED');
    expect(c1.error).toMatchObject({ code: 80018 });
    expect(c1.connectionId).toBeTruthy();
    const malformed = await b.raw({ resume: 'no-bang' });
    const c2 = await malformed.next((f) => f.action === 4, 'CONNECTED');
    expect(c2.error).toMatchObject({ code: 80018 });
  });

  test('presence of a dropped connection leaves after the delay', async () => {
    const b = await startTestBroker({ presenceLeaveDelayMs: 200 });
    proxy = await startProxy(b.port);
    const watcher = b.realtime({ clientId: 'desk' });
    const wCh = watcher.channels.get('session:t1:presence');
    const left: string[] = [];
    await wCh.presence.subscribe('leave', (m) => {
      left.push(m.clientId!);
    });
    const cust = b.realtime({ clientId: 'cust' }, proxy.port);
    await cust.channels.get('session:t1:presence').presence.enter();
    await waitFor(() => b.broker.engine.presenceMembers('session:t1:presence').length === 1);
    proxy.hold();
    proxy.cut();
    const droppedAt = Date.now();
    await waitFor(() => left.includes('cust'), 'leave after drop', 5000);
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(150);
  });

  test('presence survives a drop that resumes within the delay', async () => {
    const b = await startTestBroker({ presenceLeaveDelayMs: 5000 });
    proxy = await startProxy(b.port);
    const watcher = b.realtime({ clientId: 'desk' });
    const wCh = watcher.channels.get('p2');
    const events: string[] = [];
    await wCh.presence.subscribe((m) => {
      events.push(`${m.action}:${m.clientId}`);
    });
    const cust = b.realtime({ clientId: 'cust' }, proxy.port);
    const cCh = cust.channels.get('p2');
    await cCh.presence.enter('here');
    await waitFor(() => events.includes('enter:cust'));
    const id = cust.connection.id;
    proxy.hold();
    proxy.cut();
    await waitFor(() => b.broker.stats().suspendedConnections === 1, 'drop seen');
    proxy.release();
    await waitFor(
      () => b.broker.stats().suspendedConnections === 0 && cCh.state === 'attached',
      'resumed',
    );
    expect(cust.connection.id).toBe(id);
    // A message after the resume proves the watcher is caught up; no leave was ever sent.
    await cCh.presence.update('back');
    await waitFor(() => events.includes('update:cust'));
    expect(events).not.toContain('leave:cust');
  });
});

describe('broker restart on the same port', () => {
  test('clients told to reconnect come back to the new broker, channels re-attach', async () => {
    const first = await startTestBroker();
    const port = first.port;
    const c = first.realtime({ disconnectedRetryTimeout: 100 });
    const ch = c.channels.get('admin:bookings:b1');
    const rec = await recorder(ch);
    const oldId = c.connection.id;
    await first.broker.close();
    await waitFor(() => c.connection.state !== 'connected', 'client sees the shutdown');
    const second = await startTestBroker({ port, keys: [{ key: first.key }] });
    await waitFor(
      () => c.connection.state === 'connected' && ch.state === 'attached',
      'back',
      10_000,
    );
    expect(c.connection.id).not.toBe(oldId);
    await second.rest().channels.get('admin:bookings:b1').publish('booking.new', { id: 'x' });
    await rec.until(1);
  });
});
