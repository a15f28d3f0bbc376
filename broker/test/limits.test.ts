import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, recorder, startTestBroker, waitFor } from './support';

afterEach(closeAll);

describe('limits', () => {
  test('inbound rate: publishes over the rate are NACKed with 42911, the connection stays', async () => {
    const b = await startTestBroker({ maxInboundRate: 5, maxInboundBurst: 5 });
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    for (let i = 0; i < 8; i++) {
      raw.send({ action: 15, channel: 'r', msgSerial: i, messages: [{ name: 'm' }] });
    }
    const replies = [];
    for (let i = 0; i < 8; i++)
      replies.push(await raw.next((f) => f.action === 1 || f.action === 2));
    expect(replies.filter((f) => f.action === 1)).toHaveLength(5);
    const nacks = replies.filter((f) => f.action === 2);
    expect(nacks).toHaveLength(3);
    expect(nacks[0]!.error).toMatchObject({ code: 42911, statusCode: 429 });
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  });

  test('inbound rate grossly exceeded: ERROR 42920 and only that socket closes', async () => {
    const b = await startTestBroker({ maxInboundRate: 5, maxInboundBurst: 5 });
    const bystander = b.realtime();
    const rec = await recorder(bystander.channels.get('x'));
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    for (let i = 0; i < 50; i++) raw.send({ action: 0 });
    const err = await raw.next((f) => f.action === 9, 'ERROR');
    expect(err.error).toMatchObject({ code: 42920 });
    await raw.closed;
    await b.rest().channels.get('x').publish('fine', '1');
    await rec.until(1);
  });

  test('a consumer that stops reading is cut once its queue passes the limit', async () => {
    const b = await startTestBroker({ maxOutboundBufferBytes: 256 * 1024 });
    const bystander = b.realtime();
    const rec = await recorder(bystander.channels.get('slow'));
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 10, channel: 'slow' });
    await raw.next((f) => f.action === 11, 'ATTACHED');
    // Stop reading: the kernel buffers fill, then ws queues in memory.
    (raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // The paused client cannot see the close; the broker's view is what matters.
    const cut = () => b.broker.stats().suspendedConnections === 1;
    const big = 'x'.repeat(60_000);
    let sent = 0;
    while (!cut() && sent < 2000) {
      b.broker.engine.publish('slow', { name: 'big', data: big });
      sent++;
      if (sent % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor(cut, 'slow consumer to be cut');
    expect(sent).toBeLessThan(2000);
    await rec.until(sent, 15_000);
    expect(bystander.connection.state).toBe('connected');
  });
});

describe('connections per clientId', () => {
  test('past maxConnectionsPerClient a new connection is refused with 40151; others are not', async () => {
    const b = await startTestBroker({ maxConnectionsPerClient: 2 });
    const token = (clientId: string) => b.jwt({ clientId });
    const first = b.realtime({ token: await token('ava') });
    const second = b.realtime({ token: await token('ava') });
    await Promise.all([first, second].map((c) => c.connection.whenState('connected')));

    const raw = await b.raw({ key: '', access_token: await token('ava') });
    const refused = await raw.next((f) => f.action === 6 || f.action === 9, 'refusal');
    // DISCONNECTED, not ERROR: the SDK retries later instead of failing for good.
    expect(refused).toMatchObject({ action: 6, error: { code: 40151 } });

    const ben = b.realtime({ token: await token('ben') });
    await ben.connection.whenState('connected');
    // Once one of Ava's connections closes, she may connect again.
    first.close();
    await first.connection.whenState('closed');
    const third = b.realtime({ token: await token('ava') });
    await third.connection.whenState('connected');
    expect(first.connection.state).toBe('closed');
  });

  test('the count follows resume, drop, close and in-band AUTH', async () => {
    const b = await startTestBroker({ maxConnectionsPerClient: 2 });
    const ava = () => b.jwt({ clientId: 'ava' });
    const connect = async (query: Record<string, string> = {}) => {
      const raw = await b.raw({ key: '', access_token: await ava(), ...query });
      return { raw, reply: await raw.next((f) => [4, 6, 9].includes(f.action as number)) };
    };
    const refused = { action: 6, error: { code: 40151 } };

    const a = await connect();
    await connect();
    expect((await connect()).reply).toMatchObject(refused);

    // Resuming one's own connection while its old socket is still open replaces it: allowed,
    // and not counted twice.
    const keyA = (a.reply.connectionDetails as { connectionKey: string }).connectionKey;
    const resumed = await connect({ resume: keyA });
    expect(resumed.reply).toMatchObject({ action: 4, connectionId: a.reply.connectionId });
    expect(resumed.reply.error).toBeUndefined();
    expect((await connect()).reply).toMatchObject(refused);

    // An abrupt drop (resumable, not live) frees the slot.
    resumed.raw.ws.terminate();
    await waitFor(() => b.broker.stats().suspendedConnections === 1, 'the drop');
    const c = await connect();
    expect(c.reply).toMatchObject({ action: 4 });
    expect((await connect()).reply).toMatchObject(refused);

    // A CLOSE frees it too.
    c.raw.send({ action: 7 });
    await c.raw.next((f) => f.action === 8, 'CLOSED');
    expect((await connect()).reply).toMatchObject({ action: 4 });
    expect((await connect()).reply).toMatchObject(refused);

    // A connection without a clientId that takes Ben's identity in-band (AUTH) counts as his.
    const ben = () => b.jwt({ clientId: 'ben' });
    const anon = await b.raw();
    await anon.next((f) => f.action === 4, 'CONNECTED');
    const first = await b.raw({ key: '', access_token: await ben() });
    await first.next((f) => f.action === 4, 'CONNECTED');
    anon.send({ action: 17, auth: { accessToken: await ben() } });
    await anon.next((f) => f.action === 4, 'CONNECTED after AUTH');
    const third = await b.raw({ key: '', access_token: await ben() });
    expect(await third.next((f) => f.action === 6 || f.action === 4)).toMatchObject(refused);
  });
});
