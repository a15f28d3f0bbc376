import { Router } from 'express';
import {
  CreateTicketBody,
  DESK_ROLES,
  IdParams,
  MessagesQuery,
  PostMessageBody,
  TicketsQuery,
} from '../../../contract';
import { currentUser, requireRole, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body, params, query } from '../http/validate';
import * as tickets from '../services/tickets';

/** Support tickets and their chat (DESIGN §6–7). */
export function ticketRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { ctx } = deps;

  router.get('/', requireUser, (req, res) => {
    res.json(tickets.listTicketsFor(ctx, currentUser(req), query(TicketsQuery, req)));
  });

  router.post('/', requireRole('customer'), (req, res) => {
    const input = body(CreateTicketBody, req);
    const outcome = tickets.openTicket(ctx, currentUser(req), input);
    res.status(201).json({ ticket: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.post('/:id/claim', requireRole(...DESK_ROLES), (req, res) => {
    const { id } = params(IdParams, req);
    const outcome = tickets.claim(ctx, currentUser(req), id);
    res.json({ ticket: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.post('/:id/complete', requireUser, (req, res) => {
    const { id } = params(IdParams, req);
    const outcome = tickets.complete(ctx, currentUser(req), id);
    res.json({ ticket: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.post('/:id/cancel', requireUser, (req, res) => {
    const { id } = params(IdParams, req);
    const outcome = tickets.cancel(ctx, currentUser(req), id);
    res.json({ ticket: outcome.result });
    deps.publish(outcome.mutations);
  });

  router.get('/:id/messages', requireUser, (req, res) => {
    const { id } = params(IdParams, req);
    res.json(tickets.messages(ctx, currentUser(req), id, query(MessagesQuery, req)));
  });

  router.post('/:id/messages', requireUser, (req, res) => {
    const { id } = params(IdParams, req);
    const input = body(PostMessageBody, req);
    const outcome = tickets.postMessage(ctx, currentUser(req), id, input);
    res.status(201).json({ message: outcome.result });
    deps.publish(outcome.mutations);
  });

  return router;
}
