import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

// Server configuration (docs/architecture.md §12), validated once at start. Anything invalid is reported
// as one line naming the variable, and the process exits 1 (see server.ts).

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  PORT: port.default(8080),
  REALTIME_PORT: port.default(8081),
  REALTIME: z.enum(['local', 'ably', 'off']).optional(),
  ABLY_API_KEY: z
    .string()
    .regex(/^[^.:\s]+\.[^.:\s]+:\S+$/, 'must look like "appId.keyId:secret"')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL_S: z.coerce.number().int().min(5).max(86_400).default(3600),
  SEED_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BROKER_URL: z
    .url({ protocol: /^https?$/, error: 'must look like "http://host:port"' })
    .optional(),
  BROKER_KEY: z
    .string()
    .regex(/^[^.:\s]+\.[^.:\s]+:\S+$/, 'must look like "appId.keyId:secret"')
    .optional(),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must look like "postgres://user@host:port/db"' })
    .optional(),
});

export type RealtimeMode = 'local' | 'ably' | 'off';

export interface Config {
  port: number;
  realtimePort: number;
  realtime: RealtimeMode;
  ablyApiKey: string | undefined;
  dataDir: string;
  /** From SESSION_SECRET, or generated once into DATA_DIR/session-secret. */
  sessionSecret: string;
  tokenTtlS: number;
  seedDemo: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Local mode with a standalone broker (`npm run broker`) instead of the embedded one. */
  broker: { url: URL; key: string } | undefined;
  /** Interface to listen on (default: all). */
  host: string | undefined;
  /** PostgreSQL instead of the embedded SQLite file in DATA_DIR (ADR 0101). */
  databaseUrl: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws ConfigError with a one-line message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset (`PORT= npm start` should mean the default).
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}`);
  }
  const e = parsed.data;
  const realtime: RealtimeMode = e.REALTIME ?? (e.ABLY_API_KEY ? 'ably' : 'local');
  if (realtime === 'ably' && !e.ABLY_API_KEY) {
    throw new ConfigError('Invalid configuration: REALTIME=ably needs ABLY_API_KEY');
  }
  if (!!e.BROKER_URL !== !!e.BROKER_KEY) {
    throw new ConfigError('Invalid configuration: BROKER_URL and BROKER_KEY go together');
  }
  if (e.BROKER_URL && realtime !== 'local') {
    throw new ConfigError('Invalid configuration: BROKER_URL is for REALTIME=local');
  }
  const dataDir = resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    realtimePort: e.REALTIME_PORT,
    realtime,
    ablyApiKey: e.ABLY_API_KEY,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? loadOrCreateSecret(dataDir),
    tokenTtlS: e.TOKEN_TTL_S,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    broker:
      e.BROKER_URL && e.BROKER_KEY ? { url: new URL(e.BROKER_URL), key: e.BROKER_KEY } : undefined,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
  };
}

function loadOrCreateSecret(dataDir: string): string {
  try {
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'session-secret');
    if (existsSync(file)) {
      const secret = readFileSync(file, 'utf8').trim();
      if (secret.length >= 32) return secret;
    }
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: DATA_DIR ${dataDir} is not writable (${(error as Error).message})`,
    );
  }
}
