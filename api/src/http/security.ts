import type { NextFunction, Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { ApiError } from '../../../contract';
import type { RealtimeMode } from '../config';

export interface RateLimitOptions {
  windowMs: number;
  limit: number;
}

/** 429 in our error shape; limits come from the app's deps so tests and benches can raise them. */
function limiter(
  options: RateLimitOptions,
  extra: Pick<
    Parameters<typeof rateLimit>[0] & object,
    'keyGenerator' | 'skip' | 'requestWasSuccessful' | 'skipSuccessfulRequests'
  >,
) {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...extra,
    handler: (_req, _res, next) =>
      next(new ApiError('RATE_LIMITED', 'Too many requests; try again shortly')),
  });
}

const clientIp = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/**
 * Sign-in and registration, per client IP. A successful sign-in does not count (a front desk
 * behind one NAT signs in all day); failed ones and registrations do, which is what stops
 * password guessing and sign-up floods. `/auth/me` and `/auth/logout` are not limited.
 */
export function signInLimiter(options: RateLimitOptions) {
  return limiter(options, {
    keyGenerator: clientIp,
    skip: (req) => req.method !== 'POST' || (req.path !== '/login' && req.path !== '/register'),
    skipSuccessfulRequests: true,
    requestWasSuccessful: (req, res) => req.path === '/login' && res.statusCode < 400,
  });
}

/**
 * Token requests, per signed-in user (per IP when signed out): the SDK asks on every connect
 * and renewal, so one user's tabs share a budget and a busy office IP is not one bucket.
 */
export function tokenLimiter(options: RateLimitOptions) {
  return limiter(options, {
    keyGenerator: (req) => (req.user ? `user:${req.user.id}` : clientIp(req)),
  });
}

const ABLY_ORIGINS = [
  'https://*.ably.io',
  'wss://*.ably.io',
  'https://*.ably.net',
  'wss://*.ably.net',
  'https://*.ably-realtime.com',
  'wss://*.ably-realtime.com',
];

/**
 * helmet with a CSP whose connect-src lets the SPA reach realtime: the local broker on the
 * page's own hostname and REALTIME_PORT, or Ably's hosts.
 */
export function securityHeaders(realtime: { mode: RealtimeMode; port?: number }) {
  const connectSrc = (req: Request): string => {
    if (realtime.mode === 'local' && realtime.port) {
      const host = req.hostname.includes(':') ? `[${req.hostname}]` : req.hostname;
      return `ws://${host}:${realtime.port} http://${host}:${realtime.port}`;
    }
    return realtime.mode === 'ably' ? ABLY_ORIGINS.join(' ') : "'self'";
  };
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'connect-src': ["'self'", (req) => connectSrc(req as Request)],
        // Served over plain http on LAN boxes: don't make browsers rewrite to https.
        'upgrade-insecure-requests': null,
      },
    },
    strictTransportSecurity: false,
  });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie sessions + state-changing requests: when a browser sends `Origin`, it must be this
 * server (scheme-less host:port compare against `Host`). Non-browser clients send no Origin.
 */
export function sameOrigin(req: Request, _res: Response, next: NextFunction) {
  if (SAFE.has(req.method)) return next();
  const origin = req.get('origin');
  if (!origin) return next();
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = '';
  }
  if (!originHost || originHost !== req.get('host')) {
    return next(new ApiError('FORBIDDEN', 'Cross-origin request refused'));
  }
  next();
}
