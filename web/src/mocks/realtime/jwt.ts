import type { Capability } from '../../../../contract';

// An Ably JWT (HS256, header `kid` = key name) signed with WebCrypto, exactly like the API's
// token endpoint, so the in-page broker verifies it with the same code as the real one.

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array | string): string {
  const data = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export interface AblyJwtInput {
  /** `appId.keyId:secret`. */
  key: string;
  clientId: string;
  capability: Capability;
  ttlSeconds: number;
  now?: number;
}

export async function mintAblyJwt(
  input: AblyJwtInput,
): Promise<{ token: string; expires: number }> {
  const split = input.key.indexOf(':');
  const keyName = input.key.slice(0, split);
  const secret = input.key.slice(split + 1);
  const iat = Math.floor((input.now ?? Date.now()) / 1000);
  const exp = iat + input.ttlSeconds;
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: keyName }));
  const claims = base64url(
    JSON.stringify({
      iat,
      exp,
      'x-ably-capability': JSON.stringify(input.capability),
      'x-ably-clientId': input.clientId,
    }),
  );
  const signingKey = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await globalThis.crypto.subtle.sign(
    'HMAC',
    signingKey,
    encoder.encode(`${header}.${claims}`),
  );
  return {
    token: `${header}.${claims}.${base64url(new Uint8Array(signature))}`,
    expires: exp * 1000,
  };
}
