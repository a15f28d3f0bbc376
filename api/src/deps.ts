import type { Logger } from 'pino';
import type { DomainContext, Store } from '../../domain';
import { type Sessions, sessions } from './auth/session';
import type { RealtimeMode } from './config';
import type { Database } from './db/database';
import type { RateLimitOptions } from './http/rateLimit';
import { newId } from './ids';
import type { ApiKey } from './realtime/keys';
import type { Publisher, TokenRevoker } from './realtime/publisher';

export interface RealtimeSettings {
  mode: RealtimeMode;
  /** Local mode: the broker's port, told to the SPA by `GET /api/config`. */
  port?: number;
  /** The key tokens are signed with (local broker key or ABLY_API_KEY); absent when off. */
  key?: ApiKey;
  tokenTtlS: number;
}

/** Everything `createApp` needs; `server.ts` (or a test) builds these. */
export interface AppDeps {
  /** SQLite (embedded) or PostgreSQL (`DATABASE_URL`): ADR 0101. */
  database: Database;
  /** The domain's store on `database`; its commits store publishes for `publisher` (ADR 0081). */
  store: Store;
  sessionSecret: string;
  realtime: RealtimeSettings;
  publisher: Publisher;
  /** Revokes a user's realtime tokens when they sign out; absent when realtime is off. */
  revokeTokens?: TokenRevoker;
  logger: Logger;
  /** Clock for domain rules (past bookings, today's times). Default: real time. */
  now?: () => Date;
  /**
   * Defaults: failed sign-ins and registrations 20/min per IP; tokens 60/min per user; other
   * changes 120/min per user.
   */
  rateLimits?: { auth?: RateLimitOptions; token?: RateLimitOptions; mutation?: RateLimitOptions };
  /** Built SPA to serve (`dist/web`); null or missing directory: API only. */
  staticDir?: string | null;
  /** JSON body limit (default 100kb → 413 above). */
  bodyLimit?: string;
}

/** What route handlers share. */
export interface RouteDeps extends AppDeps {
  /** The domain's store, clock and ids: routes validate, call domain/, answer. */
  domain: DomainContext;
  now(): Date;
  sessions: Sessions;
}

export function routeDeps(deps: AppDeps): RouteDeps {
  const now = deps.now ?? (() => new Date());
  return {
    ...deps,
    domain: { store: deps.store, now, newId },
    now,
    sessions: sessions(deps.database.sql, deps.sessionSecret, now),
  };
}
