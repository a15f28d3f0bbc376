import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { ClientConfig } from '../../contract';
import { requireUser, SESSION_COOKIE } from './auth/session';
import { type AppDeps, routeDeps } from './deps';
import { chain } from './http/chain';
import { apiNotFound, errorHandler } from './http/errors';
import { oneCookie } from './http/oneCookie';
import {
  memoryCounters,
  mutationLimiter,
  signInLimiter,
  sqlCounters,
  tokenLimiter,
} from './http/rateLimit';
import { requestLog } from './http/requestLog';
import { sameOrigin, securityHeaders } from './http/security';
import { authRoutes } from './routes/auth';
import { bookingRoutes } from './routes/bookings';
import { catalogRoutes } from './routes/catalog';
import { leaveRoutes } from './routes/leave';
import { notificationRoutes } from './routes/notifications';
import { tokenHandler } from './routes/realtime';
import { ticketRoutes } from './routes/tickets';

export type { AppDeps, RealtimeSettings } from './deps';

/** The default place `vite build` puts the SPA. */
export const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../../dist/web');

/** Builds the Express app (no listen): API under `/api`, the built SPA (if any) elsewhere. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const route = routeDeps(deps);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // API answers are no-store; hashing every body for an ETag nobody revalidates is waste.
  // (The built SPA's files keep theirs: express.static sets its own.)
  app.set('etag', false);

  const log = requestLog(deps.logger);
  const headers = securityHeaders(deps.realtime);
  // Rate-limit counters: shared by every API process on PostgreSQL, in memory on SQLite.
  const counters =
    deps.database.dialect === 'postgres' ? sqlCounters(deps.database.sql) : memoryCounters();
  const cookies = cookieParser();
  // Token requests (every SDK connect and renewal) are the busiest call and carry no body: the
  // app's first route, one handler running only the steps a token needs — request log, the
  // API's headers (no-store, ADR 0100), the session cookie, same-origin, session, limiter —
  // with no JSON parser, nested routers or per-step router layers. Errors reach the app's
  // handler.
  app.post(
    '/api/ably/token',
    chain(
      log,
      headers,
      oneCookie(SESSION_COOKIE),
      sameOrigin,
      route.sessions.load,
      tokenLimiter(deps.rateLimits?.token ?? { windowMs: 60_000, limit: 60 }, counters),
      requireUser,
      tokenHandler(route),
    ),
  );
  app.use(log);
  app.use(headers);

  const api = express.Router();
  api.use(express.json({ limit: deps.bodyLimit ?? '100kb' }));
  api.use(cookies);
  api.use(sameOrigin);
  api.use(route.sessions.load);

  api.get('/health', async (_req, res) => {
    res.json({ ok: true, realtime: deps.realtime.mode, outbox: await deps.publisher.backlog() });
  });
  api.get('/config', (_req, res) => {
    const { mode, port } = deps.realtime;
    const body: ClientConfig = { realtime: mode === 'local' && port ? { mode, port } : { mode } };
    res.json(body);
  });

  api.use(
    '/auth',
    signInLimiter(deps.rateLimits?.auth ?? { windowMs: 60_000, limit: 20 }, counters),
  );
  api.use('/auth', authRoutes(route));
  api.use(mutationLimiter(deps.rateLimits?.mutation ?? { windowMs: 60_000, limit: 120 }, counters));
  api.use(catalogRoutes(route));
  api.use(bookingRoutes(route));
  api.use('/leave', leaveRoutes(route));
  api.use('/tickets', ticketRoutes(route));
  api.use('/notifications', notificationRoutes(route));
  api.use(apiNotFound);
  api.use(errorHandler);
  app.use('/api', api);

  const staticDir = deps.staticDir === undefined ? DEFAULT_STATIC_DIR : deps.staticDir;
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    app.use(express.static(staticDir, { index: false, maxAge: '1h' }));
    // Deep links (`/desk/schedule?date=…`) after a reload: every other GET gets the SPA.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      res.set('Cache-Control', 'no-cache');
      res.sendFile(join(staticDir, 'index.html'));
    });
  }
  app.use(errorHandler);
  return app;
}
