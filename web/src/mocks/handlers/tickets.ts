import { http } from 'msw';
import {
  CreateTicketBody,
  DESK_ROLES,
  MessagesQuery,
  PostMessageBody,
  TicketsQuery,
} from '../../../../contract';
import * as domain from '../../../../domain';
import { mockDomain as ctx } from '../store/domainStore';
import { api, idParam, ok, parseBody, parseQuery, route, user, userWithRole } from './http';

const ticketAction = (action: string, change: typeof domain.claimTicket, deskOnly = false) =>
  http.post(
    api(`/tickets/:id/${action}`),
    route(async ({ params }) => {
      const me = deskOnly ? userWithRole(...DESK_ROLES) : user();
      const { result } = await change(ctx, me, idParam(params));
      return ok({ ticket: result });
    }),
  );

export const ticketHandlers = [
  http.get(
    api('/tickets'),
    route(async ({ url }) => {
      const me = user();
      return ok(await domain.listTickets(ctx, me, parseQuery(url, TicketsQuery)));
    }),
  ),

  http.post(
    api('/tickets'),
    route(async ({ request }) => {
      const me = userWithRole('customer');
      const body = await parseBody(request, CreateTicketBody);
      const { result } = await domain.openTicket(ctx, me, body);
      return ok({ ticket: result }, 201);
    }),
  ),

  ticketAction('claim', domain.claimTicket, true),
  ticketAction('complete', domain.completeTicket),
  ticketAction('cancel', domain.cancelTicket),

  http.post(
    api('/tickets/:id/read'),
    route(async ({ params }) => {
      const me = user();
      return ok((await domain.markTicketRead(ctx, me, idParam(params))).result);
    }),
  ),

  http.get(
    api('/tickets/:id/messages'),
    route(async ({ url, params }) => {
      const me = user();
      const id = idParam(params);
      return ok(await domain.listMessages(ctx, me, id, parseQuery(url, MessagesQuery)));
    }),
  ),

  http.post(
    api('/tickets/:id/messages'),
    route(async ({ request, params }) => {
      const me = user();
      const id = idParam(params);
      const body = await parseBody(request, PostMessageBody);
      const { result } = await domain.postMessage(ctx, me, id, body);
      return ok({ message: result }, 201);
    }),
  ),
];
