import { http } from 'msw';
import {
  AvailabilityQuery,
  CreateCustomerBody,
  CustomersQuery,
  DESK_ROLES,
  UpdateBranchBody,
} from '../../../../contract';
import * as domain from '../../../../domain';
import { mockDomain as ctx } from '../store/domainStore';
import { api, ok, parseBody, parseQuery, route, user, userWithRole } from './http';

// Same routes as api/src/routes/catalog.ts: services, staff, availability, branch, customers.
export const catalogHandlers = [
  http.get(
    api('/services'),
    route(async () => {
      user();
      return ok(await domain.services(ctx));
    }),
  ),

  http.get(
    api('/staff'),
    route(async () => ok(await domain.staff(ctx, user()))),
  ),

  http.get(
    api('/availability'),
    route(async ({ url }) => {
      const me = user();
      return ok(await domain.availability(ctx, me, parseQuery(url, AvailabilityQuery)));
    }),
  ),

  http.get(
    api('/availability/next-day'),
    route(async ({ url }) => {
      const me = user();
      return ok({ next: await domain.nextFreeDay(ctx, me, parseQuery(url, AvailabilityQuery)) });
    }),
  ),

  http.get(
    api('/branch'),
    route(async () => ok(await domain.getBranch(ctx, user()))),
  ),

  http.patch(
    api('/branch'),
    route(async ({ request }) => {
      const me = userWithRole('owner');
      const body = await parseBody(request, UpdateBranchBody);
      const { result } = await domain.updateBranch(ctx, me, body);
      return ok({ branch: result });
    }),
  ),

  http.get(
    api('/customers'),
    route(async ({ url }) => {
      const me = userWithRole(...DESK_ROLES);
      return ok(await domain.searchCustomers(ctx, me, parseQuery(url, CustomersQuery)));
    }),
  ),

  http.post(
    api('/customers'),
    route(async ({ request }) => {
      const me = userWithRole(...DESK_ROLES);
      const body = await parseBody(request, CreateCustomerBody);
      const { result } = await domain.createCustomer(ctx, me, body);
      return ok({ customer: result }, 201);
    }),
  ),
];
