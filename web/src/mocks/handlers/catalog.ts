import { http } from 'msw';
import { AvailabilityQuery } from '../../../../contract';
import { availability } from '../domain/schedule';
import { readDb } from '../store/db';
import { api, ok, parseQuery, route, user } from './http';

export const catalogHandlers = [
  http.get(
    api('/services'),
    route(() => {
      user();
      return ok(readDb((db) => db.services));
    }),
  ),

  http.get(
    api('/staff'),
    route(() => {
      user();
      return ok(readDb((db) => db.staff));
    }),
  ),

  http.get(
    api('/availability'),
    route(({ url }) => {
      user();
      const query = parseQuery(url, AvailabilityQuery);
      return ok(readDb((db) => availability(db, query)));
    }),
  ),
];
