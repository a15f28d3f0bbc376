import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker, waitFor } from './support';

afterEach(closeAll);

function jwtClient(
  b: Awaited<ReturnType<typeof startTestBroker>>,
  clientId: string,
  capability: Record<string, string[]>,
  extra: Ably.ClientOptions = {},
) {
  return b.realtime({
    authCallback: (_p, cb) => {
      b.jwt({ clientId, capability }).then((t) => cb(null, t));
    },
    ...extra,
  });
}

describe('channels', () => {
  test('ATTACHED modes = requested ∩ capability, with a channelSerial', async () => {
    const b = await startTestBroker();
    const c = jwtClient(b, 'cust', { 'booking:*': ['subscribe'] });
    const ch = c.channels.get('booking:1');
    await ch.attach();
    expect(ch.modes?.sort()).toEqual(['presence_subscribe', 'subscribe']);
    expect(
      (ch as unknown as { properties: { attachSerial: string } }).properties.attachSerial,
    ).toMatch(/:/);

    const desk = b.realtime();
    const dch = desk.channels.get('booking:1', { modes: ['SUBSCRIBE', 'PUBLISH'] });
    await dch.attach();
    expect(dch.modes?.sort()).toEqual(['publish', 'subscribe']);
  });

  test('attach outside the capability fails with 40160 and the connection stays up', async () => {
    const b = await startTestBroker();
    const c = jwtClient(b, 'cust', { 'customer:cust:*': ['subscribe'] });
    await connected(c);
    const denied = c.channels.get('admin:bookings:b1');
    await expect(denied.attach()).rejects.toMatchObject({ code: 40160, statusCode: 401 });
    expect(denied.state).toBe('failed');
    expect(c.connection.state).toBe('connected');
    const ok = c.channels.get('customer:cust:bookings');
    await ok.attach();
    expect(ok.state).toBe('attached');
  });

  test('DETACH → DETACHED; messages stop', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    const ch = c.channels.get('d');
    const rec = await recorder(ch);
    await ch.detach();
    expect(ch.state).toBe('detached');
    const p = b.realtime();
    await p.channels.get('d').publish('x', '1');
    const probe = await recorder(p.channels.get('d'));
    await p.channels.get('d').publish('y', '2');
    await probe.until(1);
    expect(rec.messages).toHaveLength(0);
  });

  test('publish without publish capability is NACKed with 40160', async () => {
    const b = await startTestBroker();
    const c = jwtClient(b, 'cust', { 'booking:*': ['subscribe'] });
    const ch = c.channels.get('booking:1');
    await ch.attach();
    await expect(ch.publish('evil', 'x')).rejects.toMatchObject({ code: 40160 });
    expect(c.connection.state).toBe('connected');
    expect(ch.state).toBe('attached');
  });

  test('a message claiming another clientId is NACKed (40012); own clientId is stamped', async () => {
    const b = await startTestBroker();
    const c = jwtClient(b, 'alice', { '*': ['*'] });
    const ch = c.channels.get('chat');
    const rec = await recorder(ch);
    // The SDK refuses a mismatching clientId itself, so speak the protocol directly too.
    await expect(ch.publish({ name: 'x', data: '1', clientId: 'mallory' })).rejects.toBeTruthy();
    const raw = await b.raw({ key: '', access_token: await b.jwt({ clientId: 'alice' }) });
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({
      action: 15,
      channel: 'chat',
      msgSerial: 0,
      messages: [{ name: 'x', clientId: 'mallory' }],
    });
    const nack = await raw.next((f) => f.action === 2, 'NACK');
    expect(nack).toMatchObject({ msgSerial: 0, count: 1, error: { code: 40012 } });
    await ch.publish('ok', '1');
    const [m] = await rec.until(1);
    expect(m!.clientId).toBe('alice');
    expect(rec.messages.every((x) => x.clientId === 'alice')).toBe(true);
  });

  test('delivered messages carry id, connectionId, clientId, timestamp', async () => {
    const b = await startTestBroker();
    const pub = b.realtime({ clientId: 'p' });
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('stamp'));
    await connected(pub);
    const before = Date.now();
    await pub.channels.get('stamp').publish('e', 'd');
    const [m] = await rec.until(1);
    expect(m!.id).toMatch(new RegExp(`^${pub.connection.id}:\\d+:0$`));
    expect(m!.connectionId).toBe(pub.connection.id);
    expect(m!.clientId).toBe('p');
    expect(m!.timestamp).toBeGreaterThanOrEqual(before - 5);
  });

  test('echoMessages: false suppresses own messages, others still get them', async () => {
    const b = await startTestBroker();
    const quiet = b.realtime({ echoMessages: false });
    const other = b.realtime();
    const own = await recorder(quiet.channels.get('echo'));
    const theirs = await recorder(other.channels.get('echo'));
    await quiet.channels.get('echo').publish('mine', '1');
    await other.channels.get('echo').publish('yours', '2');
    await theirs.until(2);
    await own.until(1);
    expect(own.messages.map((m) => m.name)).toEqual(['yours']);
  });

  test('per-channel order is preserved for many rapid publishes', async () => {
    const b = await startTestBroker();
    const pub = b.realtime();
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('order'));
    const ch = pub.channels.get('order');
    await Promise.all(Array.from({ length: 200 }, (_, i) => ch.publish('n', { i })));
    const got = await rec.until(200);
    expect(got.map((m) => m.data.i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  test('a message over 64 KiB is NACKed with 40009', async () => {
    const b = await startTestBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({
      action: 15,
      channel: 'big',
      msgSerial: 0,
      messages: [{ data: 'x'.repeat(70_000) }],
    });
    const nack = await raw.next((f) => f.action === 2, 'NACK');
    expect(nack.error).toMatchObject({ code: 40009, statusCode: 400 });
    // The SDK checks the limit too (from connectionDetails.maxMessageSize).
    const c = b.realtime();
    await expect(c.channels.get('big').publish('x', 'y'.repeat(70_000))).rejects.toMatchObject({
      code: 40009,
    });
  });

  test('other connections are unaffected by one connection’s failed attach', async () => {
    const b = await startTestBroker();
    const good = b.realtime();
    const rec = await recorder(good.channels.get('shared'));
    const bad = jwtClient(b, 'x', { nothing: ['subscribe'] });
    await expect(bad.channels.get('shared').attach()).rejects.toMatchObject({ code: 40160 });
    await good.channels.get('shared').publish('still', 'here');
    await rec.until(1);
    await waitFor(() => good.connection.state === 'connected');
  });
});
