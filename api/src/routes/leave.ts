import { Router } from 'express';
import {
  IdParams,
  LEAVE_DECIDER_ROLES,
  LeaveDecisionBody,
  LeaveRequestBody,
} from '../../../contract';
import { currentUser, requireRole, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body, params } from '../http/validate';
import * as leave from '../services/leave';

/** `GET/POST /api/leave`, `PATCH /api/leave/:id`. */
export function leaveRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/', requireUser, (req, res) => {
    res.json(leave.listLeaveFor(ctx, currentUser(req)));
  });

  router.post('/', requireRole('staff'), (req, res) => {
    const input = body(LeaveRequestBody, req);
    const outcome = leave.requestLeave(ctx, currentUser(req), input);
    res.status(201).json({ leave: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.patch('/:id', requireRole(...LEAVE_DECIDER_ROLES), (req, res) => {
    const { id } = params(IdParams, req);
    const input = body(LeaveDecisionBody, req);
    const outcome = leave.decide(ctx, currentUser(req), id, input);
    res.json({ leave: outcome.result });
    deps.publish(outcome.mutations);
  });

  return router;
}
