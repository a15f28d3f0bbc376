import { createHmac, type KeyObject } from 'node:crypto';
import type { Capability, TokenResponse, User } from '../../../contract';
import { hmacKey } from '../auth/hmacKey';
import type { ApiKey } from './keys';

/**
 * An Ably JWT (HS256 with the key's secret, `kid` = key name) carrying the capability and
 * the user id as clientId. Ably and the local broker both accept it as a token.
 */
export function mintAblyToken(
  key: ApiKey,
  user: User,
  capability: Capability,
  ttlS: number,
  now: Date = new Date(),
): TokenResponse {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlS;
  const token = signHs256(
    { alg: 'HS256', typ: 'JWT', kid: key.name },
    {
      iat,
      exp,
      'x-ably-capability': JSON.stringify(capability),
      'x-ably-clientId': user.id,
    },
    hmacKey(key.secret),
  );
  return { token, expires: exp * 1000, clientId: user.id, capability };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact HS256 JWT. The token endpoint signs on every call, and jsonwebtoken's option
 * validation cost more than the signature; claims here are ours, so there is nothing to check.
 * Verified by jsonwebtoken and the broker in api/test/realtime.test.ts.
 */
function signHs256(header: object, claims: object, key: KeyObject): string {
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}
