import type { CookieOptions, NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { ApiError, type Role, type User } from '../../../contract';
import type { Db } from '../db/database';
import { findUserById } from '../db/users';
import { hmacKey } from './hmacKey';

// The session is a JWT in an httpOnly, SameSite=Lax cookie. It names the user only; the
// user (and role) is read from the database on every request, so a role change applies at once.

export const SESSION_COOKIE = 'glowdesk_session';
const SESSION_TTL_S = 7 * 24 * 3600;

declare global {
  namespace Express {
    interface Request {
      user?: User;
    }
  }
}

function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' };
}

export function setSessionCookie(req: Request, res: Response, secret: string, userId: string) {
  const token = jwt.sign({}, hmacKey(secret), {
    algorithm: 'HS256',
    subject: userId,
    expiresIn: SESSION_TTL_S,
  });
  res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: SESSION_TTL_S * 1000 });
}

export function clearSessionCookie(req: Request, res: Response) {
  res.clearCookie(SESSION_COOKIE, cookieOptions(req));
}

/** Sets `req.user` when the cookie holds a valid session; never rejects. */
export function loadSession(db: Db, secret: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token) {
      try {
        const claims = jwt.verify(token, hmacKey(secret), { algorithms: ['HS256'] });
        const sub = typeof claims === 'object' ? claims.sub : undefined;
        const user = sub ? findUserById(db, sub) : null;
        if (user) req.user = user;
      } catch {
        // expired or forged: treated as signed out
      }
    }
    next();
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
