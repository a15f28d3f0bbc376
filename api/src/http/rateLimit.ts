import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../../../contract';
import type { Sql } from '../db/sql';

// Rate limits (ADR 0023): a fixed-window counter per key. On SQLite there is one API process,
// so the counters are in memory (synchronous; a window's Map is dropped when it ends). On
// PostgreSQL several processes share a client's budget, so the counters are rows (ADR 0101).

export interface RateLimitOptions {
  windowMs: number;
  limit: number;
}

/** Where a limiter counts. `name` keeps limiters apart when they share a store. */
export interface RateCounters {
  /** Counts one request of `key`; answers the count so far and when its window ends (ms). */
  hit(name: string, key: string, windowMs: number, now: number): Count | Promise<Count>;
  /** Gives one unit back to that window (if it is still the current one). */
  refund(name: string, key: string, windowEnds: number): void | Promise<void>;
}

interface Count {
  used: number;
  windowEnds: number;
}

/** One process: a Map per limiter, one window for all its keys. */
export function memoryCounters(): RateCounters {
  const limiters = new Map<string, { windowEnds: number; counts: Map<string, number> }>();
  return {
    hit(name, key, windowMs, now) {
      let window = limiters.get(name);
      if (!window || now >= window.windowEnds) {
        window = { windowEnds: now + windowMs, counts: new Map() };
        limiters.set(name, window);
      }
      const used = (window.counts.get(key) ?? 0) + 1;
      window.counts.set(key, used);
      return { used, windowEnds: window.windowEnds };
    },
    refund(name, key, windowEnds) {
      const window = limiters.get(name);
      const current = window?.windowEnds === windowEnds ? window.counts.get(key) : undefined;
      if (current) window!.counts.set(key, current - 1);
    },
  };
}

/** Several processes: one row per limiter and key, updated in one statement. */
export function sqlCounters(sql: Sql): RateCounters {
  let sweptAt = 0;
  return {
    async hit(name, key, windowMs, now) {
      if (now - sweptAt > 60_000) {
        // Expired windows go now and then; the table holds about one window's keys.
        sweptAt = now;
        await sql.run('DELETE FROM rate_limits WHERE window_ends <= ?', [now]);
      }
      const row = await sql.get<{ used: number; window_ends: number }>(
        `INSERT INTO rate_limits (key, window_ends, used) VALUES (@key, @ends, 1)
         ON CONFLICT (key) DO UPDATE SET
           used = CASE WHEN rate_limits.window_ends > @now THEN rate_limits.used + 1 ELSE 1 END,
           window_ends = CASE WHEN rate_limits.window_ends > @now
                              THEN rate_limits.window_ends ELSE @ends END
         RETURNING used, window_ends`,
        { key: `${name}:${key}`, ends: now + windowMs, now },
      );
      return { used: row!.used, windowEnds: row!.window_ends };
    },
    async refund(name, key, windowEnds) {
      await sql.run(
        'UPDATE rate_limits SET used = used - 1 WHERE key = ? AND window_ends = ? AND used > 0',
        [`${name}:${key}`, windowEnds],
      );
    },
  };
}

interface LimiterRules {
  key(req: Request): string;
  /** Requests this limiter ignores. */
  skip?(req: Request): boolean;
  /** Requests that, once answered, give their unit back (e.g. a successful sign-in). */
  refund?(req: Request, res: Response): boolean;
}

function createLimiter(
  name: string,
  options: RateLimitOptions,
  counters: RateCounters,
  rules: LimiterRules,
) {
  const policy = `"default";q=${options.limit};w=${Math.ceil(options.windowMs / 1000)}`;

  const limit = (
    req: Request,
    res: Response,
    next: NextFunction,
    key: string,
    now: number,
    count: Count,
  ) => {
    const { used, windowEnds } = count;
    const resetS = Math.ceil((windowEnds - now) / 1000);
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `"default";r=${Math.max(0, options.limit - used)};t=${resetS}`);
    if (used > options.limit) {
      res.setHeader('Retry-After', String(resetS));
      return next(new ApiError('RATE_LIMITED', 'Too many requests; try again shortly'));
    }
    if (rules.refund) {
      res.once('finish', () => {
        if (!rules.refund!(req, res)) return;
        void Promise.resolve(counters.refund(name, key, windowEnds)).catch(() => {});
      });
    }
    next();
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (rules.skip?.(req)) return next();
    const now = Date.now();
    const key = rules.key(req);
    const count = counters.hit(name, key, options.windowMs, now);
    // Memory answers at once (no promise on the token path); the database asynchronously.
    if (!(count instanceof Promise)) return limit(req, res, next, key, now, count);
    count.then((c) => limit(req, res, next, key, now, c), next);
  };
}

/** The client's address (`trust proxy` is loopback only, so a client cannot choose it). */
const clientKey = (req: Request): string => req.ip ?? 'unknown';

/**
 * Sign-in and registration, per client IP. A successful sign-in does not count (a front desk
 * behind one NAT signs in all day); failed ones and registrations do, which is what stops
 * password guessing and sign-up floods. `/auth/me` and `/auth/logout` are not limited.
 */
export function signInLimiter(options: RateLimitOptions, counters: RateCounters) {
  return createLimiter('auth', options, counters, {
    key: clientKey,
    skip: (req) => req.method !== 'POST' || (req.path !== '/login' && req.path !== '/register'),
    refund: (req, res) => req.path === '/login' && res.statusCode < 400,
  });
}

/**
 * Token requests, per signed-in user (per IP when signed out): the SDK asks on every connect
 * and renewal, so one user's tabs share a budget and a busy office IP is not one bucket.
 */
export function tokenLimiter(options: RateLimitOptions, counters: RateCounters) {
  return createLimiter('token', options, counters, {
    key: (req) => (req.user ? `user:${req.user.id}` : clientKey(req)),
  });
}

/**
 * Every change (POST, PATCH, DELETE outside sign-in and tokens), per signed-in user: one
 * runaway client or script cannot flood the desk. Domain limits (chat bursts, pending
 * requests) sit on top with their own messages.
 */
export function mutationLimiter(options: RateLimitOptions, counters: RateCounters) {
  return createLimiter('mutation', options, counters, {
    key: (req) => (req.user ? `user:${req.user.id}` : clientKey(req)),
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
  });
}
