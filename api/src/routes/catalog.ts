import { Router } from 'express';
import { AvailabilityQuery } from '../../../contract';
import { availability, services, staff } from '../../../domain';
import { currentUser, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { query } from '../http/validate';

/** `GET /api/services`, `/api/staff`, `/api/availability`. */
export function catalogRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { domain } = deps;
  router.get('/services', requireUser, async (_req, res) => {
    res.json(await services(domain));
  });
  router.get('/staff', requireUser, async (req, res) => {
    res.json(await staff(domain, currentUser(req)));
  });
  router.get('/availability', requireUser, async (req, res) => {
    const q = query(AvailabilityQuery, req);
    res.json(await availability(domain, currentUser(req), q));
  });
  return router;
}
