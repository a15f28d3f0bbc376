import { createHmac, randomBytes } from 'node:crypto';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import { ApiError, type Role, type User } from '../../../contract';
import {
  findLiveSession,
  insertSession,
  revokeSession,
  revokeUserSessions,
  touchSession,
} from '../db/sessions';
import type { Sql } from '../db/sql';

// Sessions live on the server (ADR 0082): the httpOnly, SameSite=Lax cookie holds a random
// token; the row is named by its HMAC under SESSION_SECRET. Signing out revokes the row at once; the user (and role) is read on
// every request, so a role change applies at the next one.

export const SESSION_COOKIE = 'glowdesk_session';
const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** `last_seen_at` is refreshed at most this often (a write per request would be waste). */
const TOUCH_EVERY_MS = 60_000;

declare global {
  namespace Express {
    interface Request {
      user?: User;
      sessionId?: string;
    }
  }
}

function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' };
}

export interface Sessions {
  /** Starts a session for `userId` and sets its cookie. */
  start(req: Request, res: Response, userId: string): Promise<void>;
  /** Ends this request's session (its cookie is then worth nothing) and clears the cookie. */
  end(req: Request, res: Response): Promise<void>;
  /** Ends every session of the user, on every device. */
  endAll(req: Request, res: Response, userId: string): Promise<number>;
  /** Middleware: sets `req.user` when the cookie names a live session; never rejects. */
  load(req: Request, res: Response, next: NextFunction): Promise<void>;
}

export function sessions(sql: Sql, secret: string, now: () => Date): Sessions {
  const sessionId = (token: string) =>
    createHmac('sha256', secret).update(token).digest('base64url');
  return {
    async start(req, res, userId) {
      const at = now();
      const token = randomBytes(32).toString('base64url');
      await insertSession(sql, {
        id: sessionId(token),
        userId,
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + SESSION_TTL_MS).toISOString(),
      });
      res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: SESSION_TTL_MS });
    },
    async end(req, res) {
      if (req.sessionId) await revokeSession(sql, req.sessionId, now().toISOString());
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    },
    async endAll(req, res, userId) {
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      return revokeUserSessions(sql, userId, now().toISOString());
    },
    async load(req, _res, next) {
      const token: unknown = req.cookies?.[SESSION_COOKIE];
      if (typeof token === 'string' && token.length > 0 && token.length <= 128) {
        const at = now();
        try {
          const session = await findLiveSession(sql, sessionId(token), at.toISOString());
          if (session) {
            req.user = session.user;
            req.sessionId = session.id;
            if (at.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
              await touchSession(sql, session.id, at.toISOString());
            }
          }
        } catch (error) {
          return next(error);
        }
      }
      next();
    },
  };
}

/** The signed-in user, or 401. */
export function currentUser(req: Request): User {
  if (!req.user) throw new ApiError('UNAUTHENTICATED', 'Sign in first');
  return req.user;
}

export function requireUser(req: Request, _res: Response, next: NextFunction) {
  currentUser(req);
  next();
}

/** 401 when signed out, 403 when signed in with another role. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const user = currentUser(req);
    if (!roles.includes(user.role)) {
      throw new ApiError('FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`);
    }
    next();
  };
}
