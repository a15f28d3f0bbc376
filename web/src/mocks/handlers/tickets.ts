import { http } from 'msw';
import {
  CreateTicketBody,
  DESK_ROLES,
  MessagesQuery,
  PostMessageBody,
  TicketsQuery,
} from '../../../../contract';
import {
  changeTicket,
  createTicket,
  listMessages,
  listTickets,
  postMessage,
} from '../domain/tickets';
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

const ticketAction = (action: 'claim' | 'complete' | 'cancel') =>
  http.post(
    api(`/tickets/:id/${action}`),
    route(async ({ params }) => {
      const me = action === 'claim' ? userWithRole(...DESK_ROLES) : user();
      const id = idParam(params);
      const { result, mutations } = await transaction((db) => changeTicket(db, me, id, action));
      afterCommit(mutations);
      return ok({ ticket: result });
    }),
  );

export const ticketHandlers = [
  http.get(
    api('/tickets'),
    route(({ url }) => {
      const me = user();
      const query = parseQuery(url, TicketsQuery);
      return ok(readDb((db) => listTickets(db, me, query)));
    }),
  ),

  http.post(
    api('/tickets'),
    route(async ({ request }) => {
      const me = userWithRole('customer');
      const body = await parseBody(request, CreateTicketBody);
      const { result, mutations } = await transaction((db) => createTicket(db, me, body));
      afterCommit(mutations);
      return ok({ ticket: result }, 201);
    }),
  ),

  ticketAction('claim'),
  ticketAction('complete'),
  ticketAction('cancel'),

  http.get(
    api('/tickets/:id/messages'),
    route(({ url, params }) => {
      const me = user();
      const id = idParam(params);
      const query = parseQuery(url, MessagesQuery);
      return ok(readDb((db) => listMessages(db, me, id, query)));
    }),
  ),

  http.post(
    api('/tickets/:id/messages'),
    route(async ({ request, params }) => {
      const me = user();
      const id = idParam(params);
      const { content } = await parseBody(request, PostMessageBody);
      const { result, mutations } = await transaction((db) => postMessage(db, me, id, content));
      afterCommit(mutations);
      return ok({ message: result }, 201);
    }),
  ),
];
