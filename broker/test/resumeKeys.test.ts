import { afterEach, describe, expect, test } from 'vitest';
import { type FaultProxy, startProxy } from './proxy';
import { closeAll, connected, recorder, startTestBroker, waitFor } from './support';

// Connection keys are single-use for resume/recover; ATTACH_RESUME skips the rewind backlog.

let proxy: FaultProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  await closeAll();
});

describe('connection keys on resume and recover', () => {
  test('a resume issues a new connectionKey; the old one then gets a fresh connection and 80018', async () => {
    const b = await startTestBroker();
    proxy = await startProxy(b.port);
    const sub = b.realtime({ disconnectedRetryTimeout: 100 }, proxy.port);
    const rec = await recorder(sub.channels.get('k'));
    const id = sub.connection.id;
    const oldKey = sub.connection.key!;
    proxy.cut();
    await waitFor(() => sub.connection.state === 'connected' && sub.connection.key !== oldKey);
    expect(sub.connection.id).toBe(id);
    await b.rest().channels.get('k').publish('m', 'after resume');
    await rec.until(1);

    const thief = await b.raw({ resume: oldKey });
    const c = await thief.next((f) => f.action === 4, 'CONNECTED');
    expect(c.error).toMatchObject({ code: 80018 });
    expect(c.connectionId).not.toBe(id);
    // The real owner is untouched.
    await b.rest().channels.get('k').publish('m', 'still mine');
    await rec.until(2);
    expect(sub.connection.id).toBe(id);
  });

  test('recover (createRecoveryKey) continues the connection under a new key', async () => {
    const b = await startTestBroker();
    proxy = await startProxy(b.port);
    const first = b.realtime({ disconnectedRetryTimeout: 60_000 }, proxy.port);
    await connected(first);
    const recoveryKey = first.connection.createRecoveryKey()!;
    const oldKey = first.connection.key!;
    proxy.hold();
    proxy.cut();
    await waitFor(() => b.broker.stats().suspendedConnections === 1, 'drop seen');
    const second = b.realtime({ recover: recoveryKey });
    await connected(second);
    expect(second.connection.id).toBe(first.connection.id);
    expect(second.connection.key).not.toBe(oldKey);
    first.close();
  });
});

describe('ATTACH_RESUME', () => {
  const ATTACH_RESUME = 1 << 5;

  test('with the flag, a rewind backlog is not delivered again; without it, it is', async () => {
    const b = await startTestBroker();
    const ch = b.rest().channels.get('rw');
    for (let i = 0; i < 3; i++) await ch.publish('old', String(i));
    const again = await b.raw();
    await again.next((f) => f.action === 4, 'CONNECTED');
    again.send({ action: 10, channel: 'rw', flags: ATTACH_RESUME, params: { rewind: '3' } });
    const attached = await again.next((f) => f.action === 11, 'ATTACHED');
    expect((attached.flags as number) & 2).toBe(0); // no HAS_BACKLOG
    await ch.publish('live', 'x');
    const next = await again.next((f) => f.action === 15, 'first MESSAGE');
    expect((next.messages as Array<{ name: string }>).map((m) => m.name)).toEqual(['live']);

    const fresh = await b.raw();
    await fresh.next((f) => f.action === 4, 'CONNECTED');
    fresh.send({ action: 10, channel: 'rw', params: { rewind: '3' } });
    const backlog = await fresh.next((f) => f.action === 15, 'backlog');
    expect((backlog.messages as Array<{ name: string }>)[0]!.name).toBe('old');
  });
});
