import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker, waitFor } from './support';

// Channel modes (RTL4l, TB2d): attached modes = requested ∩ capability, requested either as
// the flags the SDK sends for `{ modes }` or as a `modes` channel param.

afterEach(closeAll);

const F = { PRESENCE: 1 << 16, PUBLISH: 1 << 17, SUBSCRIBE: 1 << 18, PRESENCE_SUBSCRIBE: 1 << 19 };

describe('channel modes', () => {
  test('SDK { modes: ["subscribe"] } with a "*" key: only subscribe is granted', async () => {
    const b = await startTestBroker();
    const c = b.realtime({ clientId: 'ava' });
    const ch = c.channels.get('m1', { modes: ['subscribe'] });
    const rec = await recorder(ch);
    expect(ch.modes).toEqual(['subscribe']);
    await expect(ch.presence.enter('hi')).rejects.toMatchObject({ code: 40160 });
    await b.rest().channels.get('m1').publish('x', 'y');
    await rec.until(1);
  });

  test('requested ∩ capability: asking for publish on a subscribe-only token gets subscribe', async () => {
    const b = await startTestBroker();
    const token = await b.jwt({ clientId: 'ava', capability: { 'room:*': ['subscribe'] } });
    const c = b.realtime({ token });
    const ch = c.channels.get('room:1', { modes: ['publish', 'subscribe', 'presence'] });
    await ch.attach();
    expect(ch.modes).toEqual(['subscribe']);
  });

  test('presence_subscribe only: presence events arrive, messages do not', async () => {
    const b = await startTestBroker();
    const watcher = b.realtime();
    const ch = watcher.channels.get('m2', { modes: ['presence_subscribe'] });
    const entered: string[] = [];
    await ch.presence.subscribe('enter', (m: Ably.PresenceMessage) => {
      entered.push(m.clientId!);
    });
    const messages: unknown[] = [];
    await ch.subscribe((m) => {
      messages.push(m);
    });
    expect(ch.modes).toEqual(['presence_subscribe']);
    const ava = b.realtime({ clientId: 'ava' });
    await ava.channels.get('m2').presence.enter();
    await ava.channels.get('m2').publish('not', 'for you');
    await waitFor(() => entered.includes('ava'), 'enter');
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual([]);
  });

  test('raw ATTACH with params.modes (comma list, any case) and with flags', async () => {
    const b = await startTestBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 10, channel: 'p', params: { modes: 'Presence,subscribe' } });
    const a = await raw.next((f) => f.action === 11 && f.channel === 'p');
    expect((a.flags as number) & 0xff0000).toBe(F.PRESENCE | F.SUBSCRIBE);
    raw.send({ action: 10, channel: 'q', flags: F.PUBLISH });
    const q = await raw.next((f) => f.action === 11 && f.channel === 'q');
    expect((q.flags as number) & 0xff0000).toBe(F.PUBLISH);
    raw.send({ action: 10, channel: 'r', params: { modes: 'subscribe,teleport' } });
    const bad = await raw.next((f) => f.action === 9 && f.channel === 'r');
    expect(bad).toMatchObject({ error: { code: 40003 } });
  });

  test('attached without publish mode: a realtime publish is NACKed 40160, nothing is delivered', async () => {
    const b = await startTestBroker();
    const c = b.realtime({ clientId: 'ava' });
    const ch = c.channels.get('m3', { params: { modes: 'subscribe' } });
    await ch.attach();
    expect(ch.modes).toEqual(['subscribe']);
    const other = b.realtime();
    const rec = await recorder(other.channels.get('m3'));
    await expect(ch.publish('nope', 'a')).rejects.toMatchObject({ code: 40160 });
    // Not attached at all: publishing is still allowed (only the capability counts).
    await c.channels.get('m4').publish('fine', 'b');
    await c.channels.get('m3').detach();
    await ch.publish('after detach', 'c');
    await rec.until(1);
    expect(rec.messages.map((m) => m.name)).toEqual(['after detach']);
  });

  test('params.modes wins over the modes option (the flags) when both are given', async () => {
    const b = await startTestBroker();
    const c = b.realtime({ clientId: 'ava' });
    const ch = c.channels.get('m5', {
      params: { modes: 'presence,subscribe' },
      modes: ['publish', 'presence_subscribe'],
    });
    await ch.attach();
    expect(ch.modes).toEqual(['presence', 'subscribe']);
    await ch.presence.enter('here');
    await expect(ch.publish('x', 'd')).rejects.toMatchObject({ code: 40160 });
  });

  test('no capability at all on the channel is still 40160', async () => {
    const b = await startTestBroker();
    const token = await b.jwt({ clientId: 'ava', capability: { 'room:*': ['subscribe'] } });
    const c = b.realtime({ token });
    await connected(c);
    await expect(
      c.channels.get('admin:x', { modes: ['subscribe'] }).attach(),
    ).rejects.toMatchObject({ code: 40160 });
  });
});
