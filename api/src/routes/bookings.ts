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
import {
  addNote,
  bookingDetail,
  changeBooking,
  createBooking,
  listBookings,
  schedule,
} from '../../../domain';
import { currentUser, requireRole, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body, params, query } from '../http/validate';

/** `/api/bookings…` and `GET /api/schedule`. Handlers validate, call the domain, answer, publish. */
export function bookingRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { domain } = deps;

  router.get('/bookings', requireUser, async (req, res) => {
    res.json(await listBookings(domain, currentUser(req), query(BookingsQuery, req)));
  });

  router.post('/bookings', requireUser, async (req, res) => {
    const input = body(CreateBookingBody, req);
    const outcome = await createBooking(domain, currentUser(req), input);
    res.status(201).json({ booking: outcome.result });
  });

  router.get('/bookings/:id', requireUser, async (req, res) => {
    const { id } = params(IdParams, req);
    res.json(await bookingDetail(domain, currentUser(req), id));
  });

  router.patch('/bookings/:id', requireUser, async (req, res) => {
    const { id } = params(IdParams, req);
    const action = body(BookingAction, req);
    const outcome = await changeBooking(domain, currentUser(req), id, action);
    res.json({ booking: outcome.result });
  });

  router.post('/bookings/:id/notes', requireUser, async (req, res) => {
    const { id } = params(IdParams, req);
    const input = body(AddNoteBody, req);
    const outcome = await addNote(domain, currentUser(req), id, input);
    res.status(201).json({ note: outcome.result });
  });

  router.get('/schedule', requireRole(...DESK_ROLES), async (req, res) => {
    const { date } = query(ScheduleQuery, req);
    res.json(await schedule(domain, currentUser(req), date));
  });

  return router;
}
