import { http } from 'msw';
import {
  AddNoteBody,
  BookingAction,
  BookingsQuery,
  CreateBookingBody,
  DESK_ROLES,
  ScheduleQuery,
} from '../../../../contract';
import * as domain from '../../../../domain';
import { mockDomain as ctx } from '../store/domainStore';
import { api, idParam, ok, parseBody, parseQuery, route, user, userWithRole } from './http';

// Same steps as api/src/routes/bookings.ts: validate → domain → respond → publish.
export const bookingHandlers = [
  http.get(
    api('/bookings'),
    route(async ({ url }) => {
      const me = user();
      return ok(await domain.listBookings(ctx, me, parseQuery(url, BookingsQuery)));
    }),
  ),

  http.post(
    api('/bookings'),
    route(async ({ request }) => {
      const me = user();
      const body = await parseBody(request, CreateBookingBody);
      const { result } = await domain.createBooking(ctx, me, body);
      return ok({ booking: result }, 201);
    }),
  ),

  http.get(
    api('/bookings/:id'),
    route(async ({ params }) => {
      const me = user();
      return ok(await domain.bookingDetail(ctx, me, idParam(params)));
    }),
  ),

  http.patch(
    api('/bookings/:id'),
    route(async ({ request, params }) => {
      const me = user();
      const id = idParam(params);
      const action = await parseBody(request, BookingAction);
      const { result } = await domain.changeBooking(ctx, me, id, action);
      return ok({ booking: result });
    }),
  ),

  http.post(
    api('/bookings/:id/notes'),
    route(async ({ request, params }) => {
      const me = user();
      const id = idParam(params);
      const body = await parseBody(request, AddNoteBody);
      const { result } = await domain.addNote(ctx, me, id, body);
      return ok({ note: result }, 201);
    }),
  ),

  http.get(
    api('/schedule'),
    route(async ({ url }) => {
      const me = userWithRole(...DESK_ROLES);
      const { date } = parseQuery(url, ScheduleQuery);
      return ok(await domain.schedule(ctx, me, date));
    }),
  ),
];
