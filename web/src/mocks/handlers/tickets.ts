import { http } from 'msw';
import {
  CreateTicketBody,
  DESK_ROLES,
  MessagesQuery,
  PostMessageBody,
  TicketsQuery,
} from '../../../../contract';
import {
  cancelTicket,
  claimTicket,
  completeTicket,
  listMessages,
  listTickets,
  openTicket,
  postMessage,
} from '../../../../domain';
import { mockDomain as domain } from '../store/domainStore';
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

const ticketAction = (action: string, change: typeof claimTicket, deskOnly = false) =>
  http.post(
    api(`/tickets/:id/${action}`),
    route(async ({ params }) => {
      const me = deskOnly ? userWithRole(...DESK_ROLES) : user();
      const { result, mutations } = await change(domain, me, idParam(params));
      afterCommit(mutations);
      return ok({ ticket: result });
    }),
  );

export const ticketHandlers = [
  http.get(
    api('/tickets'),
    route(async ({ url }) => {
      const me = user();
      return ok(await listTickets(domain, me, parseQuery(url, TicketsQuery)));
    }),
  ),

  http.post(
    api('/tickets'),
    route(async ({ request }) => {
      const me = userWithRole('customer');
      const body = await parseBody(request, CreateTicketBody);
      const { result, mutations } = await openTicket(domain, me, body);
      afterCommit(mutations);
      return ok({ ticket: result }, 201);
    }),
  ),

  ticketAction('claim', claimTicket, true),
  ticketAction('complete', completeTicket),
  ticketAction('cancel', cancelTicket),

  http.get(
    api('/tickets/:id/messages'),
    route(async ({ url, params }) => {
      const me = user();
      const id = idParam(params);
      return ok(await listMessages(domain, me, id, parseQuery(url, MessagesQuery)));
    }),
  ),

  http.post(
    api('/tickets/:id/messages'),
    route(async ({ request, params }) => {
      const me = user();
      const id = idParam(params);
      const body = await parseBody(request, PostMessageBody);
      const { result, mutations } = await postMessage(domain, me, id, body);
      afterCommit(mutations);
      return ok({ message: result }, 201);
    }),
  ),
];
