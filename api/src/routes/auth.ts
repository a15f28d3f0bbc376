import { Router } from 'express';
import { ApiError, LoginBody, RegisterBody } from '../../../contract';
import { dummyHash, hashPassword, verifyPassword } from '../auth/password';
import { clearSessionCookie, currentUser, requireUser, setSessionCookie } from '../auth/session';
import { findBranch } from '../db/catalog';
import { findUserByEmail, insertUser } from '../db/users';
import type { RouteDeps } from '../deps';
import { body } from '../http/validate';
import { newId } from '../ids';

const DEFAULT_BRANCH = 'br_main';

export function authRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { db } = deps;

  router.post('/login', async (req, res) => {
    const { email, password } = body(LoginBody, req);
    const found = findUserByEmail(db, email.toLowerCase());
    const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
    if (!found || !ok) throw new ApiError('UNAUTHENTICATED', 'Wrong email or password');
    setSessionCookie(req, res, deps.sessionSecret, found.user.id);
    res.json({ user: found.user });
  });

  router.post('/register', async (req, res) => {
    const input = body(RegisterBody, req);
    const email = input.email.toLowerCase();
    if (findUserByEmail(db, email)) {
      throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    const branch = findBranch(db, DEFAULT_BRANCH);
    if (!branch) throw new ApiError('INTERNAL', 'No branch to register with');
    const passwordHash = await hashPassword(input.password);
    const user = {
      id: newId('u'),
      name: input.name,
      email,
      role: 'customer' as const,
      staffId: null,
      branchId: branch.id,
    };
    try {
      insertUser(db, user, passwordHash, deps.now().toISOString());
    } catch (error) {
      // Two registrations racing for one email: the UNIQUE index decides.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists');
      }
      throw error;
    }
    setSessionCookie(req, res, deps.sessionSecret, user.id);
    res.status(201).json({ user });
  });

  router.get('/me', requireUser, (req, res) => {
    res.json({ user: currentUser(req) });
  });

  router.post('/logout', requireUser, (req, res) => {
    const user = currentUser(req);
    clearSessionCookie(req, res);
    res.json({ user });
  });

  return router;
}
