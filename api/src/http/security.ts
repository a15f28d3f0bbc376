import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ApiError } from '../../../contract';
import type { RealtimeMode } from '../config';

const ABLY_ORIGINS = [
  'https://*.ably.io',
  'wss://*.ably.io',
  'https://*.ably.net',
  'wss://*.ably.net',
  'https://*.ably-realtime.com',
  'wss://*.ably-realtime.com',
];

/**
 * What an API answer (`/api/…`, JSON) carries (ADR 0100): never cached, never sniffed into
 * something else, and if one is ever opened as a page or framed, it may load and run nothing.
 * helmet's other headers (COOP, CORP, Origin-Agent-Cluster, Referrer-Policy,
 * X-Frame-Options, X-DNS-Prefetch-Control…) only act on documents; they stay on the SPA's.
 */
export const API_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['Cache-Control', 'no-store'],
];

function isApi(url: string): boolean {
  return url.startsWith('/api') && (url.length === 4 || url[4] === '/' || url[4] === '?');
}

/**
 * Security headers. API answers: `API_HEADERS`. The SPA's documents and files: helmet, with
 * a CSP whose connect-src lets the SPA reach realtime: the local broker on the page's own
 * hostname and REALTIME_PORT, or Ably's hosts. One helmet per distinct connect-src (a handful
 * of hostnames), so its headers are computed once, not per request.
 */
export function securityHeaders(realtime: { mode: RealtimeMode; port?: number }) {
  const connectSrc = (req: Request): string => {
    if (realtime.mode === 'local' && realtime.port) {
      const host = req.hostname.includes(':') ? `[${req.hostname}]` : req.hostname;
      return `ws://${host}:${realtime.port} http://${host}:${realtime.port}`;
    }
    return realtime.mode === 'ably' ? ABLY_ORIGINS.join(' ') : "'self'";
  };
  const forSource = (source: string) =>
    headersOf(
      helmet({
        contentSecurityPolicy: {
          directives: {
            'connect-src': ["'self'", source],
            // Served over plain http on LAN boxes: don't make browsers rewrite to https.
            'upgrade-insecure-requests': null,
          },
        },
        strictTransportSecurity: false,
      }),
    );
  // The Host header is the client's to choose: keep the cache small, oldest out first.
  const bySource = new Map<string, HeaderStep>();
  return (req: Request, res: Response, next: NextFunction) => {
    // Only a plain hostname (or an IPv6 literal) may reach the policy: a space would add a
    // source of the client's choosing, a `;` a directive.
    const hostname = req.hostname; // a getter that parses the Host header each time
    if (hostname && !HOSTNAME.test(hostname)) {
      res.status(400).type('text/plain').send('Invalid Host header');
      return;
    }
    if (isApi(req.url)) {
      for (const [name, value] of API_HEADERS) res.setHeader(name, value);
      next();
      return;
    }
    const source = connectSrc(req);
    let headers = bySource.get(source);
    if (!headers) {
      try {
        headers = forSource(source);
      } catch {
        // helmet refuses a source that would break the policy (a Host header with `;` …).
        res.status(400).type('text/plain').send('Invalid Host header');
        return;
      }
      if (bySource.size >= 16) bySource.delete(bySource.keys().next().value!);
      bySource.set(source, headers);
    }
    headers(res);
    next();
  };
}

type HeaderStep = (res: Response) => void;

/**
 * helmet's headers do not depend on the request (our policy has no nonces): run its dozen
 * middlewares once against a recording response and replay what they set in one step.
 */
function headersOf(middleware: ReturnType<typeof helmet>): HeaderStep {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  let done = false;
  middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return (res) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
  };
}

const HOSTNAME = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.?|[0-9A-Fa-f:.]+)$/;

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
