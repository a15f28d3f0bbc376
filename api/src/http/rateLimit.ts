import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../../../contract';

// Rate limits (ADR 0023): an in-memory fixed-window counter per key, synchronous, one Map per
// limiter. We run one API process, so memory is the right store; a window's counters are
// dropped when it ends, so the Map holds at most the keys seen in one window.

export interface RateLimitOptions {
  windowMs: number;
  limit: number;
}

interface LimiterRules {
  key(req: Request): string;
  /** Requests this limiter ignores. */
  skip?(req: Request): boolean;
  /** Requests that, once answered, give their unit back (e.g. a successful sign-in). */
  refund?(req: Request, res: Response): boolean;
}

function createLimiter(options: RateLimitOptions, rules: LimiterRules) {
  let windowEnds = 0;
  let counts = new Map<string, number>();
  const policy = `"default";q=${options.limit};w=${Math.ceil(options.windowMs / 1000)}`;

  return (req: Request, res: Response, next: NextFunction) => {
    if (rules.skip?.(req)) return next();
    const now = Date.now();
    if (now >= windowEnds) {
      windowEnds = now + options.windowMs;
      counts = new Map();
    }
    const key = rules.key(req);
    const used = (counts.get(key) ?? 0) + 1;
    counts.set(key, used);
    const resetS = Math.ceil((windowEnds - now) / 1000);
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `"default";r=${Math.max(0, options.limit - used)};t=${resetS}`);
    if (used > options.limit) {
      res.setHeader('Retry-After', String(resetS));
      return next(new ApiError('RATE_LIMITED', 'Too many requests; try again shortly'));
    }
    if (rules.refund) {
      const window = counts;
      res.once('finish', () => {
        const current = window.get(key);
        if (current && rules.refund!(req, res)) window.set(key, current - 1);
      });
    }
    next();
  };
}

/** The client's address (`trust proxy` is loopback only, so a client cannot choose it). */
const clientKey = (req: Request): string => req.ip ?? 'unknown';

/**
 * Sign-in and registration, per client IP. A successful sign-in does not count (a front desk
 * behind one NAT signs in all day); failed ones and registrations do, which is what stops
 * password guessing and sign-up floods. `/auth/me` and `/auth/logout` are not limited.
 */
export function signInLimiter(options: RateLimitOptions) {
  return createLimiter(options, {
    key: clientKey,
    skip: (req) => req.method !== 'POST' || (req.path !== '/login' && req.path !== '/register'),
    refund: (req, res) => req.path === '/login' && res.statusCode < 400,
  });
}

/**
 * Token requests, per signed-in user (per IP when signed out): the SDK asks on every connect
 * and renewal, so one user's tabs share a budget and a busy office IP is not one bucket.
 */
export function tokenLimiter(options: RateLimitOptions) {
  return createLimiter(options, {
    key: (req) => (req.user ? `user:${req.user.id}` : clientKey(req)),
  });
}

/**
 * Every change (POST, PATCH, DELETE outside sign-in and tokens), per signed-in user: one
 * runaway client or script cannot flood the desk. Domain limits (chat bursts, pending
 * requests) sit on top with their own messages.
 */
export function mutationLimiter(options: RateLimitOptions) {
  return createLimiter(options, {
    key: (req) => (req.user ? `user:${req.user.id}` : clientKey(req)),
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
  });
}
