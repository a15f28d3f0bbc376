import { createSecretKey, type KeyObject } from 'node:crypto';

// jsonwebtoken, handed a string secret, first tries to parse it as a PEM public/private key
// (createPublicKey / createPrivateKey throw, and throwing is slow) on every sign and verify:
// a third of the token endpoint's CPU. A KeyObject made once skips that.

const cache = new Map<string, KeyObject>();

export function hmacKey(secret: string): KeyObject {
  let key = cache.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    if (cache.size > 16) cache.clear(); // a handful of secrets per process; never grows
    cache.set(secret, key);
  }
  return key;
}
