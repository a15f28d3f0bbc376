import { http } from 'msw';
import {
  AddNoteBody,
  BookingAction,
  BookingsQuery,
  CreateBookingBody,
  DESK_ROLES,
  ScheduleQuery,
} from '../../../../contract';
import {
  addNote,
  bookingDetail,
  changeBooking,
  createBooking,
  listBookings,
} from '../domain/bookings';
import { schedule } from '../domain/schedule';
import { readDb, transaction } from '../store/db';
import {
  afterCommit,
  api,
  idParam,
  ok,
  parseBody,
  parseQuery,
  route,
  user,
  userWithRole,
} from './http';

export const bookingHandlers = [
  http.get(
    api('/bookings'),
    route(({ url }) => {
      const me = user();
      const query = parseQuery(url, BookingsQuery);
      return ok(readDb((db) => listBookings(db, me, query)));
    }),
  ),

  http.post(
    api('/bookings'),
    route(async ({ request }) => {
      const me = user();
      const body = await parseBody(request, CreateBookingBody);
      const { result, mutations } = await transaction((db) => createBooking(db, me, body));
      afterCommit(mutations);
      return ok({ booking: result }, 201);
    }),
  ),

  http.get(
    api('/bookings/:id'),
    route(({ params }) => {
      const me = user();
      const id = idParam(params);
      return ok(readDb((db) => bookingDetail(db, me, id)));
    }),
  ),

  http.patch(
    api('/bookings/:id'),
    route(async ({ request, params }) => {
      const me = user();
      const id = idParam(params);
      const action = await parseBody(request, BookingAction);
      const { result, mutations } = await transaction((db) => changeBooking(db, me, id, action));
      afterCommit(mutations);
      return ok({ booking: result });
    }),
  ),

  http.post(
    api('/bookings/:id/notes'),
    route(async ({ request, params }) => {
      const me = user();
      const id = idParam(params);
      const { text } = await parseBody(request, AddNoteBody);
      const { result, mutations } = await transaction((db) => addNote(db, me, id, text));
      afterCommit(mutations);
      return ok({ note: result }, 201);
    }),
  ),

  http.get(
    api('/schedule'),
    route(({ url }) => {
      const me = userWithRole(...DESK_ROLES);
      const { date } = parseQuery(url, ScheduleQuery);
      return ok(readDb((db) => schedule(db, me, date)));
    }),
  ),
];
