import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, startTestBroker } from './support';

// Channel metadata (GET /channels/{name}, GET /channels) and GET /stats need the
// `channel-metadata` / `stats` capability, as on Ably (docs/architecture.md §9).

afterEach(closeAll);

type Broker = Awaited<ReturnType<typeof startTestBroker>>;

async function get(b: Broker, path: string, token?: string) {
  const authorization = token
    ? `Bearer ${Buffer.from(token).toString('base64')}`
    : `Basic ${Buffer.from(b.key).toString('base64')}`;
  const res = await fetch(`${b.url}${path}`, { headers: { authorization } });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('channel metadata and stats capabilities', () => {
  test('key auth (default "*" capability) may read status, enumerate and read stats', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    await c.channels.get('admin:bookings:b1').attach();
    await c.channels.get('queue:updates').attach();
    const status = await b.rest().channels.get('admin:bookings:b1').status();
    expect(status.status?.occupancy.metrics.subscribers).toBe(1);
    const names = await get(b, '/channels?by=id');
    expect(names).toEqual({ status: 200, body: ['admin:bookings:b1', 'queue:updates'] });
    const prefixed = await get(b, '/channels?prefix=admin:');
    expect(prefixed.body).toMatchObject([
      { name: 'admin:bookings:b1', status: { isActive: true } },
    ]);
    const stats = await b.rest().stats();
    expect(stats.items).toHaveLength(1);
  });

  test('a token without channel-metadata is refused 40160; with it, only the granted channels', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    await connected(c);
    await c.channels.get('admin:bookings:b1').attach();
    await c.channels.get('customer:ava:bookings').attach();

    const subscriber = await b.jwt({ clientId: 'ava', capability: { '*': ['subscribe'] } });
    for (const path of ['/channels/admin:bookings:b1', '/channels', '/stats']) {
      const r = await get(b, path, subscriber);
      expect(r.status, path).toBe(401);
      expect(r.body, path).toMatchObject({ error: { code: 40160 } });
    }
    const rest = b.rest({ token: subscriber });
    await expect(rest.channels.get('admin:bookings:b1').status()).rejects.toMatchObject({
      code: 40160,
    });

    const meta = await b.jwt({ capability: { 'admin:*': ['channel-metadata'] } });
    expect((await get(b, '/channels/admin:bookings:b1', meta)).status).toBe(200);
    expect((await get(b, '/channels/customer:ava:bookings', meta)).status).toBe(401);
    expect((await get(b, '/channels?by=id', meta)).body).toEqual(['admin:bookings:b1']);
    expect((await get(b, '/stats', meta)).status).toBe(401);

    const stats = await b.jwt({ capability: { '*': ['stats'] } });
    expect((await get(b, '/stats', stats)).status).toBe(200);
    expect((await get(b, '/channels', stats)).status).toBe(401);
  });

  test('a key whose capability lacks stats cannot read stats even with key auth', async () => {
    const b = await startTestBroker({
      keys: [{ key: 'app.limited:secretsecret', capability: { '*': ['publish', 'subscribe'] } }],
    });
    expect((await get(b, '/stats')).status).toBe(401);
    expect((await get(b, '/channels')).status).toBe(401);
  });
});
