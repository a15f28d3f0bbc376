import { http } from 'msw';
import { AvailabilityQuery } from '../../../../contract';
import * as domain from '../../../../domain';
import { mockDomain as ctx } from '../store/domainStore';
import { api, ok, parseQuery, route, user } from './http';

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
];
