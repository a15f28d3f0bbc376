import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker } from './support';

afterEach(closeAll);

describe('token lifecycle', () => {
  test('a 3-second token is renewed via authCallback with no lost message', async () => {
    const b = await startTestBroker();
    let issued = 0;
    const sub = b.realtime({
      authCallback: (_p, cb) => {
        issued++;
        b.jwt({
          clientId: 'cust',
          capability: { 'customer:cust:*': ['subscribe'] },
          ttlSeconds: 3,
        }).then((t) => cb(null, t));
      },
    });
    const ch = sub.channels.get('customer:cust:bookings');
    const rec = await recorder(ch);
    const id = sub.connection.id;
    const reasons: number[] = [];
    sub.connection.on('disconnected', (c) => {
      if (c.reason) reasons.push(c.reason.code);
    });
    const pub = b.rest().channels.get('customer:cust:bookings');
    let n = 0;
    // Publish steadily across the expiry until a renewal has happened and a bit beyond.
    while (issued < 2 || n < 80) {
      await pub.publish('tick', { n: n++ });
      await new Promise((r) => setTimeout(r, 40));
      if (n > 400) throw new Error('token was never renewed');
    }
    const got = await rec.until(n);
    expect(got.map((m) => m.data.n)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(reasons).toContain(40142);
    expect(sub.connection.id).toBe(id);
  });

  test('auth.authorize() widens capability on the same connection (in-band AUTH)', async () => {
    const b = await startTestBroker();
    let capability: Record<string, string[]> = { 'customer:u1:*': ['subscribe'] };
    const c = b.realtime({
      authCallback: (_p, cb) => {
        b.jwt({ clientId: 'u1', capability }).then((t) => cb(null, t));
      },
    });
    await connected(c);
    const id = c.connection.id;
    const booking = c.channels.get('booking:b9');
    await expect(booking.attach()).rejects.toMatchObject({ code: 40160 });

    capability = { 'customer:u1:*': ['subscribe'], 'booking:b9': ['subscribe'] };
    await c.auth.authorize();
    expect(c.connection.id).toBe(id);
    await booking.attach();
    expect(booking.state).toBe('attached');
    const rec = await recorder(booking);
    await b.rest().channels.get('booking:b9').publish('status.changed', { v: 2 });
    await rec.until(1);
    expect(b.broker.stats().connectionsOpened).toBe(1);
  });

  test('auth.authorize() narrowing capability detaches channels no longer allowed', async () => {
    const b = await startTestBroker();
    let capability: Record<string, string[]> = { 'booking:*': ['subscribe'] };
    const c = b.realtime({
      authCallback: (_p, cb) => {
        b.jwt({ clientId: 'u1', capability }).then((t) => cb(null, t));
      },
    });
    const keep = c.channels.get('booking:keep');
    const lose = c.channels.get('booking:lose');
    await keep.attach();
    await lose.attach();
    const failed = new Promise<Ably.ChannelStateChange>((r) => lose.once('failed', r));
    capability = { 'booking:keep': ['subscribe'] };
    await c.auth.authorize();
    const change = await failed;
    expect(change.reason?.code).toBe(40160);
    expect(keep.state).toBe('attached');
    expect(c.connection.state).toBe('connected');
  });

  test('in-band AUTH with a token for another clientId fails the connection (40102)', async () => {
    const b = await startTestBroker();
    const raw = await b.raw({ key: '', access_token: await b.jwt({ clientId: 'a' }) });
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 17, auth: { accessToken: await b.jwt({ clientId: 'b' }) } });
    const err = await raw.next((f) => f.action === 9, 'ERROR');
    expect(err.error).toMatchObject({ code: 40102 });
  });

  test('in-band AUTH with an expired token → DISCONNECTED 40142', async () => {
    const b = await startTestBroker();
    const raw = await b.raw({ key: '', access_token: await b.jwt({ clientId: 'a' }) });
    await raw.next((f) => f.action === 4, 'CONNECTED');
    const { createAblyJwt } = await import('../core');
    const expired = await createAblyJwt(b.key, { clientId: 'a', nowMs: Date.now() - 7200_000 });
    raw.send({ action: 17, auth: { accessToken: expired } });
    const d = await raw.next((f) => f.action === 6, 'DISCONNECTED');
    expect(d.error).toMatchObject({ code: 40142 });
  });
});

describe('POST /keys/{keyName}/requestToken', () => {
  test('rest.auth.requestToken() → TokenDetails the broker accepts as access_token', async () => {
    const b = await startTestBroker();
    const rest = b.rest();
    const details = await rest.auth.requestToken({
      clientId: 'svc',
      capability: { 'booking:*': ['subscribe'] },
      ttl: 60_000,
    });
    expect((details as unknown as { keyName: string }).keyName).toBe(b.keyName);
    expect(details.clientId).toBe('svc');
    expect(JSON.parse(details.capability)).toEqual({ 'booking:*': ['subscribe'] });
    expect(details.expires - details.issued).toBeGreaterThan(55_000);
    const c = b.realtime({ tokenDetails: details });
    const ch = c.channels.get('booking:1');
    await ch.attach();
    expect(c.auth.clientId).toBe('svc');
    await expect(ch.publish('x', 'y')).rejects.toMatchObject({ code: 40160 });
  });

  test('authCallback returning a signed TokenRequest: the SDK exchanges it at the broker', async () => {
    const b = await startTestBroker();
    const signer = b.rest();
    const c = b.realtime({
      authCallback: (_p, cb) => {
        signer.auth.createTokenRequest({ clientId: 'tr-user' }).then(
          (tr) => cb(null, tr),
          (e) => cb(e, null),
        );
      },
    });
    await connected(c);
    expect(c.auth.clientId).toBe('tr-user');
  });

  test('a tampered mac → 40101; a replayed nonce → 40105; an old timestamp → 40104', async () => {
    const b = await startTestBroker();
    const rest = b.rest();
    const post = (body: unknown) =>
      fetch(`${b.url}/keys/${b.keyName}/requestToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const tr = await rest.auth.createTokenRequest({ clientId: 'x' });
    expect((await post({ ...tr, mac: 'AAAA' })).body.error.code).toBe(40101);
    expect((await post({ ...tr, clientId: 'y' })).body.error.code).toBe(40101);
    expect((await post(tr)).status).toBe(200);
    expect((await post(tr)).body.error.code).toBe(40105);
    const old = await rest.auth.createTokenRequest({ timestamp: Date.now() - 3600_000 });
    expect((await post(old)).body.error.code).toBe(40104);
  });

  test('REST with token auth (Bearer) works; an expired token is refused with 40142', async () => {
    const b = await startTestBroker();
    const token = await b.jwt({ capability: { '*': ['*'] } });
    const rest = b.rest({ token });
    await rest.channels.get('t').publish('ok', '1');
    const page = await rest.channels.get('t').history();
    expect(page.items.map((m) => m.name)).toEqual(['ok']);
    const { createAblyJwt } = await import('../core');
    const expired = await createAblyJwt(b.key, { nowMs: Date.now() - 7200_000 });
    const res = await fetch(`${b.url}/channels/t/messages`, {
      headers: { authorization: `Bearer ${btoa(expired)}` },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(40142);
  });
});
