import { Router } from 'express';
import { AvailabilityQuery } from '../../../contract';
import { currentUser, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { query } from '../http/validate';
import * as catalog from '../services/catalog';

/** `GET /api/services`, `/api/staff`, `/api/availability`. */
export function catalogRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.get('/services', requireUser, (_req, res) => {
    res.json(catalog.services(deps.ctx));
  });
  router.get('/staff', requireUser, (req, res) => {
    res.json(catalog.staff(deps.ctx, currentUser(req)));
  });
  router.get('/availability', requireUser, (req, res) => {
    const q = query(AvailabilityQuery, req);
    res.json(catalog.availability(deps.ctx, currentUser(req), q));
  });
  return router;
}
