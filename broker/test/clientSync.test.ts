import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, startTestBroker, waitFor } from './support';

// A client-sent SYNC (ably-js `channel.sync()`) is a request for the presence set, never a
// reason to fail the connection.

afterEach(closeAll);

describe('client SYNC', () => {
  test('raw: SYNC on an attached channel gets the members; elsewhere it is ignored', async () => {
    const b = await startTestBroker();
    const ava = b.realtime({ clientId: 'ava' });
    await ava.channels.get('room').presence.enter('hi');
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 16, channel: 'not-attached' });
    raw.send({ action: 16 });
    raw.send({ action: 10, channel: 'room' });
    await raw.next((f) => f.action === 11, 'ATTACHED');
    await raw.next((f) => f.action === 16, 'SYNC on attach');
    raw.send({ action: 16, channel: 'room' });
    const sync = await raw.next((f) => f.action === 16, 'SYNC on request');
    expect(sync.presence).toMatchObject([{ clientId: 'ava', data: 'hi' }]);
    expect(raw.frames.some((f) => f.action === 9)).toBe(false);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  });

  test('SDK channel.sync() keeps the connection and the presence set', async () => {
    const b = await startTestBroker();
    const ava = b.realtime({ clientId: 'ava' });
    await ava.channels.get('room').presence.enter('hi');
    const c = b.realtime();
    const ch = c.channels.get('room');
    await ch.attach();
    await waitFor(async () => (await ch.presence.get()).length === 1);
    (ch as unknown as { sync(): void }).sync();
    await new Promise((r) => setTimeout(r, 100));
    expect(c.connection.state).toBe('connected');
    const members: Ably.PresenceMessage[] = await ch.presence.get();
    expect(members.map((m) => m.clientId)).toEqual(['ava']);
  });
});
