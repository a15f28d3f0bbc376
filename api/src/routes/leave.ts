import { Router } from 'express';
import {
  IdParams,
  LEAVE_DECIDER_ROLES,
  LeaveDecisionBody,
  LeaveRequestBody,
} from '../../../contract';
import { decideLeave, leaveImpact, listLeave, requestLeave } from '../../../domain';
import { currentUser, requireRole, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body, params } from '../http/validate';

/** `GET/POST /api/leave`, `GET /api/leave/:id/impact`, `PATCH /api/leave/:id`. */
export function leaveRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { domain } = deps;

  router.get('/', requireUser, async (req, res) => {
    res.json(await listLeave(domain, currentUser(req)));
  });

  router.post('/', requireRole('staff'), async (req, res) => {
    const input = body(LeaveRequestBody, req);
    const outcome = await requestLeave(domain, currentUser(req), input);
    res.status(201).json({ leave: outcome.result });
  });

  router.get('/:id/impact', requireRole(...LEAVE_DECIDER_ROLES), async (req, res) => {
    const { id } = params(IdParams, req);
    res.json(await leaveImpact(domain, currentUser(req), id));
  });

  router.patch('/:id', requireRole(...LEAVE_DECIDER_ROLES), async (req, res) => {
    const { id } = params(IdParams, req);
    const input = body(LeaveDecisionBody, req);
    const outcome = await decideLeave(domain, currentUser(req), id, input);
    res.json({ leave: outcome.result });
  });

  return router;
}
