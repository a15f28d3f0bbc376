import { base64ToBytes, bytesToBase64, bytesToBase64Url, fromUtf8, utf8 } from './encoding';
import { errors } from './errors';

// HS256 JWTs through WebCrypto (works in Node 20 and browsers). Ably JWTs carry the key
// name in the header's `kid` and the rights in `x-ably-capability` / `x-ably-clientId`.

export interface JwtHeader {
  alg?: unknown;
  typ?: unknown;
  kid?: unknown;
}

export interface AblyJwtClaims {
  iat?: unknown;
  exp?: unknown;
  'x-ably-capability'?: unknown;
  'x-ably-clientId'?: unknown;
  [claim: string]: unknown;
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

export async function hmacSha256(secret: string, text: string): Promise<Uint8Array> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), utf8(text));
  return new Uint8Array(sig);
}

/** base64(HMAC-SHA256(secret, text)) — the `mac` of an Ably TokenRequest. */
export async function hmacBase64(secret: string, text: string): Promise<string> {
  return bytesToBase64(await hmacSha256(secret, text));
}

export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
}

function decodeJsonPart(part: string): Record<string, unknown> {
  const bytes = base64ToBytes(part);
  const text = bytes && fromUtf8(bytes);
  if (!text) throw errors.invalidJwt('Invalid JWT: bad base64url segment');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw errors.invalidJwt('Invalid JWT: segment is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.invalidJwt('Invalid JWT: segment is not a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Splits and parses a JWT without verifying it. Throws 40144 when malformed. */
export function decodeJwt(token: string): {
  header: JwtHeader;
  claims: AblyJwtClaims;
  signingInput: string;
  signature: string;
} {
  const parts = token.split('.');
  if (parts.length !== 3) throw errors.invalidJwt('Invalid JWT: expected three segments');
  const [h, p, s] = parts as [string, string, string];
  return {
    header: decodeJsonPart(h),
    claims: decodeJsonPart(p),
    signingInput: `${h}.${p}`,
    signature: s,
  };
}

/** Verifies an HS256 signature; resolves false on mismatch. */
export async function verifyHs256(signingInput: string, signature: string, secret: string) {
  const sig = base64ToBytes(signature);
  if (!sig) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), sig, utf8(signingInput));
}

export async function signJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  secret: string,
): Promise<string> {
  const h = bytesToBase64Url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header })));
  const p = bytesToBase64Url(utf8(JSON.stringify(claims)));
  const sig = await hmacSha256(secret, `${h}.${p}`);
  return `${h}.${p}.${bytesToBase64Url(sig)}`;
}

export interface AblyJwtOptions {
  clientId?: string;
  capability?: Record<string, string[]>;
  ttlSeconds?: number;
  nowMs?: number;
}

/**
 * The one place an Ably JWT is minted (the API's token endpoint, mock mode's, the tests'):
 * HS256 with the key's secret, `kid` = key name, capability and clientId as Ably's claims.
 * `expires` is when Ably and this broker stop accepting it, in ms.
 */
export async function mintAblyJwt(
  key: string,
  opts: AblyJwtOptions = {},
): Promise<{ token: string; expires: number }> {
  const { keyName, secret } = parseAblyKey(key);
  const iat = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  const exp = iat + (opts.ttlSeconds ?? 3600);
  const claims: Record<string, unknown> = { iat, exp };
  if (opts.capability) claims['x-ably-capability'] = JSON.stringify(opts.capability);
  if (opts.clientId !== undefined) claims['x-ably-clientId'] = opts.clientId;
  return { token: await signJwt({ kid: keyName }, claims, secret), expires: exp * 1000 };
}

/** An Ably JWT signed with `key` ('app.keyId:secret'). */
export async function createAblyJwt(key: string, opts: AblyJwtOptions = {}): Promise<string> {
  return (await mintAblyJwt(key, opts)).token;
}

export interface AblyKey {
  /** `appId.keyId:secret` as given. */
  key: string;
  /** `appId.keyId`: the JWT `kid`, the REST path's key name. */
  keyName: string;
  secret: string;
}

/** The one parser of an Ably key string; 40101 when it is not `appId.keyId:secret`. */
export function parseAblyKey(key: string): AblyKey {
  const i = key.indexOf(':');
  const keyName = key.slice(0, Math.max(i, 0));
  const secret = key.slice(i + 1);
  if (i <= 0 || !secret || !keyName.includes('.')) {
    throw errors.invalidCredentials(
      'Invalid key format: an Ably key looks like "appId.keyId:secret"',
    );
  }
  return { key, keyName, secret };
}

export function splitKey(key: string): [keyName: string, secret: string] {
  const { keyName, secret } = parseAblyKey(key);
  return [keyName, secret];
}
