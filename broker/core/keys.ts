import { randomId } from './encoding';

/** A fresh API key 'appId.keyId:secret' (random, url-safe; WebCrypto). */
export function generateKey(appId = 'glowdesk'): string {
  const app = appId.replace(/[^A-Za-z0-9_-]/g, '') || 'glowdesk';
  return `${app}.${randomId(6)}:${randomId(32)}`;
}
