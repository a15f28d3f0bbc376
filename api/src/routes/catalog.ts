import { Router } from 'express';
import {
  AvailabilityQuery,
  CreateCustomerBody,
  CustomersQuery,
  DESK_ROLES,
  UpdateBranchBody,
} from '../../../contract';
import {
  availability,
  createCustomer,
  getBranch,
  nextFreeDay,
  searchCustomers,
  services,
  staff,
  updateBranch,
} from '../../../domain';
import { currentUser, requireRole, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body, query } from '../http/validate';

/**
 * `GET /api/services`, `/api/staff`, `/api/availability` (+ `/next-day`), `GET/PATCH
 * /api/branch`, `GET/POST /api/customers`: the salon, its settings and the people it serves.
 */
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
  router.get('/availability/next-day', requireUser, async (req, res) => {
    const q = query(AvailabilityQuery, req);
    res.json({ next: await nextFreeDay(domain, currentUser(req), q) });
  });

  router.get('/branch', requireUser, async (req, res) => {
    res.json(await getBranch(domain, currentUser(req)));
  });
  router.patch('/branch', requireRole('owner'), async (req, res) => {
    const input = body(UpdateBranchBody, req);
    const outcome = await updateBranch(domain, currentUser(req), input);
    res.json({ branch: outcome.result });
  });

  router.get('/customers', requireRole(...DESK_ROLES), async (req, res) => {
    res.json(await searchCustomers(domain, currentUser(req), query(CustomersQuery, req)));
  });
  router.post('/customers', requireRole(...DESK_ROLES), async (req, res) => {
    const input = body(CreateCustomerBody, req);
    const outcome = await createCustomer(domain, currentUser(req), input);
    res.status(201).json({ customer: outcome.result });
  });
  return router;
}
