import { Router } from 'express';
import {
  CreateTicketBody,
  DESK_ROLES,
  IdParams,
  MessagesQuery,
  PostMessageBody,
  TicketsQuery,
} from '../../../contract';
import {
  cancelTicket,
  claimTicket,
  completeTicket,
  listMessages,
  listTickets,
  markTicketRead,
  openTicket,
  postMessage,
} from '../../../domain';
import { currentUser, requireRole, requireUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { body, params, query } from '../http/validate';

/** Support tickets and their chat (docs/architecture.md §6–7). */
export function ticketRoutes(deps: RouteDeps): Router {
  const router = Router();
  const { domain } = deps;

  router.get('/', requireUser, async (req, res) => {
    res.json(await listTickets(domain, currentUser(req), query(TicketsQuery, req)));
  });

  router.post('/', requireRole('customer'), async (req, res) => {
    const input = body(CreateTicketBody, req);
    const outcome = await openTicket(domain, currentUser(req), input);
    res.status(201).json({ ticket: outcome.result });
  });

  const transition = (path: string, change: typeof claimTicket, ...guard: (typeof requireUser)[]) =>
    router.post(path, ...guard, async (req, res) => {
      const { id } = params(IdParams, req);
      const outcome = await change(domain, currentUser(req), id);
      res.json({ ticket: outcome.result });
    });
  transition('/:id/claim', claimTicket, requireRole(...DESK_ROLES));
  transition('/:id/complete', completeTicket, requireUser);
  transition('/:id/cancel', cancelTicket, requireUser);

  /** The caller has the conversation open: it and their notifications about it are read. */
  router.post('/:id/read', requireUser, async (req, res) => {
    const { id } = params(IdParams, req);
    res.json((await markTicketRead(domain, currentUser(req), id)).result);
  });

  router.get('/:id/messages', requireUser, async (req, res) => {
    const { id } = params(IdParams, req);
    res.json(await listMessages(domain, currentUser(req), id, query(MessagesQuery, req)));
  });

  router.post('/:id/messages', requireUser, async (req, res) => {
    const { id } = params(IdParams, req);
    const input = body(PostMessageBody, req);
    const outcome = await postMessage(domain, currentUser(req), id, input);
    res.status(201).json({ message: outcome.result });
  });

  return router;
}
