import { describe, expect, test } from 'vitest';
import { bytesToBase64Url, utf8 } from './encoding';
import { createAblyJwt, decodeJwt, signJwt } from './jwt';
import { KeyStore } from './tokens';

const KEY = 'app.key1:s3cret-s3cret';
const keys = () =>
  new KeyStore([{ key: KEY, capability: { 'booking:*': ['subscribe', 'publish'] } }]);

describe('Ably JWT verification', () => {
  test('valid token: clientId, capability ∩ key, expiry', async () => {
    const now = Date.now();
    const token = await createAblyJwt(KEY, {
      clientId: 'u1',
      capability: { '*': ['subscribe'] },
      ttlSeconds: 60,
      nowMs: now,
    });
    expect(decodeJwt(token).header.kid).toBe('app.key1');
    const auth = await keys().authenticateToken(token, undefined, now);
    expect(auth.clientId).toBe('u1');
    expect(auth.wildcard).toBe(false);
    expect(auth.capability.opsFor('booking:1')).toBe(2);
    expect(auth.capability.opsFor('admin:1')).toBe(0);
    expect(auth.expiresAt).toBe((Math.floor(now / 1000) + 60) * 1000);
  });

  test('bad signature → 40143 (a token error, so the SDK renews)', async () => {
    const forged = await createAblyJwt('app.key1:not-the-secret', { clientId: 'u1' });
    await expect(keys().authenticateToken(forged)).rejects.toMatchObject({
      code: 40143,
      statusCode: 401,
    });
  });

  test('unknown kid → 40143; unknown key (basic) → 40101', async () => {
    const t = await createAblyJwt('other.key:s3cret-s3cret', {});
    await expect(keys().authenticateToken(t)).rejects.toMatchObject({ code: 40143 });
    expect(() => keys().authenticateKey('other.key:x')).toThrowError(
      expect.objectContaining({ code: 40101, statusCode: 401 }),
    );
    expect(() => keys().authenticateKey('app.key1:wrong')).toThrowError(
      expect.objectContaining({ code: 40101 }),
    );
  });

  test('expired → 40142', async () => {
    const t = await createAblyJwt(KEY, { ttlSeconds: 10, nowMs: Date.now() - 60_000 });
    await expect(keys().authenticateToken(t)).rejects.toMatchObject({
      code: 40142,
      statusCode: 401,
    });
  });

  test('malformed / wrong alg / missing exp → 40144', async () => {
    const k = keys();
    await expect(k.authenticateToken('a.b.c')).rejects.toMatchObject({ code: 40144 });
    const none = `${bytesToBase64Url(utf8('{"alg":"none","kid":"app.key1"}'))}.${bytesToBase64Url(utf8('{}'))}.`;
    await expect(k.authenticateToken(none)).rejects.toMatchObject({ code: 40144 });
    const noExp = await signJwt({ kid: 'app.key1' }, { iat: 1 }, 's3cret-s3cret');
    await expect(k.authenticateToken(noExp)).rejects.toMatchObject({ code: 40144 });
    await expect(k.authenticateToken('opaque-token')).rejects.toMatchObject({ code: 40143 });
  });

  test('requested clientId must match the token unless it is a wildcard', async () => {
    const k = keys();
    const t = await createAblyJwt(KEY, { clientId: 'u1' });
    await expect(k.authenticateToken(t, 'u2')).rejects.toMatchObject({ code: 40102 });
    const w = await createAblyJwt(KEY, { clientId: '*' });
    const auth = await k.authenticateToken(w, 'anyone');
    expect(auth.clientId).toBe('anyone');
    const anon = await k.authenticateToken(w);
    expect(anon.clientId).toBeUndefined();
    expect(anon.wildcard).toBe(true);
  });
});
