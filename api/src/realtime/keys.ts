import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An Ably API key `appId.keyId:secret` split into its name (the JWT `kid`) and secret. */
export interface ApiKey {
  key: string;
  name: string;
  secret: string;
}

export function parseApiKey(key: string): ApiKey {
  const colon = key.indexOf(':');
  const name = key.slice(0, colon);
  const secret = key.slice(colon + 1);
  if (colon <= 0 || !name.includes('.') || !secret) {
    throw new Error('An Ably key looks like "appId.keyId:secret"');
  }
  return { key, name, secret };
}

export function generateLocalKey(appId = 'glowdesk'): string {
  return `${appId}.${randomBytes(4).toString('hex')}:${randomBytes(24).toString('base64url')}`;
}

/**
 * The local broker's key, kept in `DATA_DIR/broker-key.json` so tokens and SPA sessions
 * survive a restart. Created on first start.
 */
export function loadOrCreateLocalKey(dataDir: string): ApiKey {
  const file = join(dataDir, 'broker-key.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown };
    if (typeof stored.key === 'string') return parseApiKey(stored.key);
  }
  mkdirSync(dataDir, { recursive: true });
  const key = generateLocalKey();
  writeFileSync(file, `${JSON.stringify({ key }, null, 2)}\n`, { mode: 0o600 });
  return parseApiKey(key);
}
