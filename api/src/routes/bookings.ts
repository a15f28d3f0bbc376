import { Router } from 'express';
import {
  AddNoteBody,
  BookingAction,
  BookingsQuery,
  CreateBookingBody,
  DESK_ROLES,
  IdParams,
  ScheduleQuery,
} from '../../../contract';
import { currentUser, requireRole, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body, params, query } from '../http/validate';
import * as bookings from '../services/bookings';
import { schedule } from '../services/catalog';

/** `/api/bookings…` and `GET /api/schedule`. Handlers validate, call a service, answer, publish. */
export function bookingRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/bookings', requireUser, (req, res) => {
    res.json(bookings.listBookingsFor(ctx, currentUser(req), query(BookingsQuery, req)));
  });

  router.post('/bookings', requireUser, (req, res) => {
    const input = body(CreateBookingBody, req);
    const outcome = bookings.createBooking(ctx, currentUser(req), input);
    res.status(201).json({ booking: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.get('/bookings/:id', requireUser, (req, res) => {
    const { id } = params(IdParams, req);
    res.json(bookings.bookingDetail(ctx, currentUser(req), id));
  });

  router.patch('/bookings/:id', requireUser, (req, res) => {
    const { id } = params(IdParams, req);
    const action = body(BookingAction, req);
    const outcome = bookings.changeBooking(ctx, currentUser(req), id, action);
    res.json({ booking: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.post('/bookings/:id/notes', requireUser, (req, res) => {
    const { id } = params(IdParams, req);
    const input = body(AddNoteBody, req);
    const outcome = bookings.addNote(ctx, currentUser(req), id, input);
    res.status(201).json({ note: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.get('/schedule', requireRole(...DESK_ROLES), (req, res) => {
    const { date } = query(ScheduleQuery, req);
    res.json(schedule(ctx, currentUser(req), date));
  });

  return router;
}
