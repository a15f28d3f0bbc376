import { Router } from 'express';
import { ApiError, LoginBody, RegisterBody } from '../../../contract';
import { dummyHash, hashPassword, verifyPassword } from '../auth/password';
import { currentUser, requireUser } from '../auth/session';
import { findBranch } from '../db/catalog';
import { isUniqueViolation } from '../db/sql';
import { findUserByEmail, insertUser } from '../db/users';
import type { RouteDeps } from '../deps';
import { body } from '../http/validate';
import { newId } from '../ids';

const DEFAULT_BRANCH = 'br_main';

export function authRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { sql } = deps.database;

  router.post('/login', async (req, res) => {
    const { email, password } = body(LoginBody, req);
    const found = await findUserByEmail(sql, email);
    const ok = await verifyPassword(password, found?.passwordHash ?? (await dummyHash()));
    if (!found || !ok) throw new ApiError('UNAUTHENTICATED', 'Wrong email or password');
    await deps.sessions.start(req, res, found.user.id);
    res.json({ user: found.user });
  });

  router.post('/register', async (req, res) => {
    const input = body(RegisterBody, req);
    const email = input.email.toLowerCase();
    if (await findUserByEmail(sql, email)) {
      throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    const branch = await findBranch(sql, DEFAULT_BRANCH);
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
      await insertUser(sql, user, passwordHash, deps.now().toISOString());
    } catch (error) {
      // Two registrations racing for one email: the UNIQUE index decides.
      if (isUniqueViolation(error)) {
        throw new ApiError('EMAIL_TAKEN', 'An account with this email already exists');
      }
      throw error;
    }
    await deps.sessions.start(req, res, user.id);
    res.status(201).json({ user });
  });

  /** Who is signed in, or `user: null`: the SPA's start-up check (never a 401 in the console). */
  router.get('/session', (req, res) => {
    res.json({ user: req.user ?? null });
  });

  router.get('/me', requireUser, (req, res) => {
    res.json({ user: currentUser(req) });
  });

  router.post('/logout', requireUser, async (req, res) => {
    const user = currentUser(req);
    await deps.sessions.end(req, res);
    await revokeRealtime(user.id);
    res.json({ user });
  });

  /** "Sign out everywhere": every session of this user ends, on every device. */
  router.post('/logout-all', requireUser, async (req, res) => {
    const user = currentUser(req);
    const ended = await deps.sessions.endAll(req, res, user.id);
    await revokeRealtime(user.id);
    res.json({ user, sessionsEnded: ended });
  });

  /** Their realtime connections lose their channels too; the sign-out itself never fails on it. */
  async function revokeRealtime(userId: string) {
    try {
      await deps.revokeTokens?.(userId);
    } catch (err) {
      deps.logger.warn({ err, userId }, 'realtime token revocation failed');
    }
  }

  return router;
}
