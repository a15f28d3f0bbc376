import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type BrokerKey, type BrokerLogger, generateKey, startBroker } from './index';

// `npm run broker -- --port 8081 [--keys keys.json] [--host 0.0.0.0] [--log-level debug]`
// Keys: --keys file (JSON array of {key, capability?}), else ABLY_LOCAL_KEY, else generated.

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

function fail(message: string): never {
  process.stderr.write(`broker: ${message}\n`);
  process.exit(1);
}

function makeLogger(level: Level): BrokerLogger {
  const rank = LEVELS.indexOf(level);
  const at = (l: Level, write: (...a: unknown[]) => void) =>
    LEVELS.indexOf(l) >= rank
      ? (...a: unknown[]) => write(new Date().toISOString(), ...a)
      : () => {};
  return {
    debug: at('debug', console.log),
    info: at('info', console.log),
    warn: at('warn', console.warn),
    error: at('error', console.error),
  };
}

function readKeys(file: string): BrokerKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read keys file ${file}: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    fail(
      `keys file ${file} must be a non-empty JSON array of {"key": "...", "capability"?: {...}}`,
    );
  }
  return parsed.map((k, i) => {
    const entry = k as { key?: unknown; capability?: unknown };
    if (typeof entry?.key !== 'string' || !/^[^.:]+\.[^.:]+:.+$/.test(entry.key)) {
      fail(`keys file entry ${i}: "key" must look like "appId.keyId:secret"`);
    }
    return entry.capability === undefined
      ? { key: entry.key }
      : { key: entry.key, capability: entry.capability as Record<string, string[]> };
  });
}

async function main() {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: process.env.REALTIME_PORT ?? '8081' },
        host: { type: 'string', default: '0.0.0.0' },
        keys: { type: 'string' },
        'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(
      'Usage: npm run broker -- [--port 8081] [--host 0.0.0.0] [--keys keys.json] [--log-level debug|info|warn|error]\n',
    );
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid --port ${values.port}`);
  const level = String(values['log-level']) as Level;
  if (!LEVELS.includes(level)) fail(`invalid --log-level ${level} (use ${LEVELS.join(', ')})`);
  const logger = makeLogger(level);

  let keys: BrokerKey[];
  let generated = false;
  if (typeof values.keys === 'string') keys = readKeys(values.keys);
  else if (process.env.ABLY_LOCAL_KEY) keys = [{ key: process.env.ABLY_LOCAL_KEY }];
  else {
    keys = [{ key: generateKey() }];
    generated = true;
  }

  const broker = await startBroker({
    port,
    host: String(values.host),
    keys,
    logger,
  }).catch((e: Error) => fail(`cannot listen on ${values.host}:${port}: ${e.message}`));

  const names = keys.map((k) => k.key.slice(0, k.key.indexOf(':'))).join(', ');
  console.log(`broker: listening on ${broker.host}:${broker.port} (keys: ${names})`);
  if (generated) console.log(`broker: generated key ${keys[0]!.key}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1); // second signal: no more patience
    stopping = true;
    console.log(`broker: ${signal}, telling clients to reconnect and shutting down`);
    broker.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
