import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, recorder, startTestBroker } from './support';

afterEach(closeAll);

describe('REST', () => {
  test.each([
    ['json', false],
    ['msgpack', true],
  ])('POST /channels/{name}/messages with the key (%s body), one and many', async (_f, binary) => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('admin:bookings:b1'));
    const rest = b.rest({ useBinaryProtocol: binary });
    const ch = rest.channels.get('admin:bookings:b1');
    await ch.publish('booking.new', { id: 'b-1', version: 1 });
    await ch.publish([
      { name: 'booking.status_changed', data: { id: 'b-1', version: 2 } },
      { name: 'booking.status_changed', data: { id: 'b-1', version: 3 } },
    ]);
    const got = await rec.until(3);
    expect(got.map((m) => [m.name, m.data.version])).toEqual([
      ['booking.new', 1],
      ['booking.status_changed', 2],
      ['booking.status_changed', 3],
    ]);
    // idempotent REST publishing: the SDK's ids are kept
    expect(got[1]!.id).toMatch(/:0$/);
    expect(got[2]!.id).toMatch(/:1$/);
  });

  test('REST publish with a bad key → 401 40101; without capability → 40160', async () => {
    const b = await startTestBroker();
    const bad = b.rest({ key: `${b.keyName}:nope` });
    await expect(bad.channels.get('x').publish('a', 'b')).rejects.toMatchObject({
      code: 40101,
      statusCode: 401,
    });
    const token = await b.jwt({ capability: { x: ['subscribe'] } });
    const readOnly = b.rest({ token });
    await expect(readOnly.channels.get('x').publish('a', 'b')).rejects.toMatchObject({
      code: 40160,
    });
  });

  test('GET /healthz answers without auth', async () => {
    const b = await startTestBroker();
    const res = await fetch(`${b.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  test('CORS: preflight and actual responses allow the page origin', async () => {
    const b = await startTestBroker();
    const origin = 'http://localhost:8080';
    const pre = await fetch(`${b.url}/channels/x/messages`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-ably-version,ably-agent',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    for (const path of ['/healthz', '/time', '/channels/x/messages', '/nope']) {
      const res = await fetch(`${b.url}${path}`, { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-expose-headers')).toContain('link');
    }
  });

  test('unknown route → 404 with an Ably error body; malformed body → 400', async () => {
    const b = await startTestBroker();
    const res = await fetch(`${b.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 40400 } });
    const bad = await fetch(`${b.url}/channels/x/messages`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(b.key)}`,
        'content-type': 'application/json',
      },
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 40001 } });
  });
});
