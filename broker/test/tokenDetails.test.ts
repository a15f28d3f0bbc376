import { afterEach, describe, expect, test } from 'vitest';
import { decodeJwt, hmacBase64 } from '../core';
import { closeAll, startTestBroker } from './support';

// TokenDetails from POST /keys/{keyName}/requestToken: exact expiry, ttl limits, and bad
// capabilities as bad requests (400), not as authentication failures.

afterEach(closeAll);

type Broker = Awaited<ReturnType<typeof startTestBroker>>;

/** A signed TokenRequest posted by hand (the SDK would refuse to send bad capabilities). */
async function requestToken(b: Broker, capability: string) {
  const secret = b.key.slice(b.key.indexOf(':') + 1);
  const timestamp = String(Date.now());
  const nonce = Math.random().toString(36).slice(2);
  const mac = await hmacBase64(secret, `${b.keyName}\n\n${capability}\n\n${timestamp}\n${nonce}\n`);
  const res = await fetch(`${b.url}/keys/${b.keyName}/requestToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keyName: b.keyName, capability, timestamp, nonce, mac }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: number } } };
}

describe('TokenDetails', () => {
  test('expires is exactly issued + ttl (ms), and the token says so too', async () => {
    const b = await startTestBroker();
    const details = await b.rest().auth.requestToken({ ttl: 12_345, clientId: 'svc' });
    expect(details.expires - details.issued).toBe(12_345);
    const { claims } = decodeJwt(details.token);
    expect(Math.round((claims.exp as number) * 1000)).toBe(details.expires);
    expect(Math.round((claims.iat as number) * 1000)).toBe(details.issued);
    const c = b.realtime({ tokenDetails: details });
    await c.connection.whenState('connected');
  });

  test('a ttl above the 24 h maximum is refused with 40003 (400), not capped', async () => {
    const b = await startTestBroker();
    await expect(b.rest().auth.requestToken({ ttl: 25 * 3600_000 })).rejects.toMatchObject({
      code: 40003,
      statusCode: 400,
    });
    const ok = await b.rest().auth.requestToken({ ttl: 24 * 3600_000 });
    expect(ok.expires - ok.issued).toBe(24 * 3600_000);
  });

  test('invalid capabilities are 400 (40003), a valid one outside the key is 40160', async () => {
    const b = await startTestBroker({
      keys: [{ key: 'app.k1:secretsecret', capability: { 'booking:*': ['subscribe'] } }],
    });
    const rest = b.rest();
    for (const capability of ['not json', '["x"]', '{"x":[]}', '{"x":["teleport"]}', '{"x":"a"}']) {
      const r = await requestToken(b, capability);
      expect([r.status, r.body.error?.code], capability).toEqual([400, 40003]);
    }
    await expect(
      rest.auth.requestToken({ capability: { 'booking:*': ['teleport' as never] } }),
    ).rejects.toMatchObject({ code: 40003, statusCode: 400 });
    // Known Ably ops the broker does not enforce are accepted.
    await rest.auth.requestToken({ capability: { 'booking:*': ['subscribe', 'push-subscribe'] } });
    await expect(
      rest.auth.requestToken({ capability: { 'admin:*': ['subscribe'] } }),
    ).rejects.toMatchObject({ code: 40160 });
  });
});
