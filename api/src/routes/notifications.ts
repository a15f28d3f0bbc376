import { Router } from 'express';
import { MarkNotificationsReadBody } from '../../../contract';
import { listNotifications, markNotificationsRead } from '../../../domain';
import { currentUser, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body } from '../http/validate';

/** `GET /api/notifications`, `POST /api/notifications/read`: the caller's own only. */
export function notificationRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { domain } = deps;
  router.get('/', requireUser, async (req, res) => {
    res.json(await listNotifications(domain, currentUser(req)));
  });
  router.post('/read', requireUser, async (req, res) => {
    const input = body(MarkNotificationsReadBody, req);
    const outcome = await markNotificationsRead(domain, currentUser(req), input);
    res.json(outcome.result);
  });
  return router;
}
