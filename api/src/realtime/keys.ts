import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AblyKey, parseAblyKey } from '../../../broker/core';

/** An Ably API key split into its name (the JWT `kid`) and secret (parsed by the broker's one parser). */
export type ApiKey = AblyKey;

/** A clear start-up error (not an Ably error object) for a malformed configured key. */
export function parseApiKey(key: string): ApiKey {
  try {
    return parseAblyKey(key);
  } catch {
    throw new Error('An Ably key looks like "appId.keyId:secret"');
  }
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
