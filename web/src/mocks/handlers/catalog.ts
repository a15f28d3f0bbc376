import { http } from 'msw';
import { AvailabilityQuery } from '../../../../contract';
import { availability, services, staff } from '../../../../domain';
import { mockDomain as domain } from '../store/domainStore';
import { api, ok, parseQuery, route, user } from './http';

export const catalogHandlers = [
  http.get(
    api('/services'),
    route(async () => {
      user();
      return ok(await services(domain));
    }),
  ),

  http.get(
    api('/staff'),
    route(async () => ok(await staff(domain, user()))),
  ),

  http.get(
    api('/availability'),
    route(async ({ url }) => {
      const me = user();
      return ok(await availability(domain, me, parseQuery(url, AvailabilityQuery)));
    }),
  ),
];
