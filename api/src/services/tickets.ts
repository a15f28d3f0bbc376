import {
  ApiError,
  type ChatMessage,
  type CreateTicketBody,
  isDesk,
  type MessagesPage,
  type MessagesQuery,
  type PostMessageBody,
  type Ticket,
  type TicketStatus,
  type TicketsQuery,
  type User,
} from '../../../contract';
import { findBooking } from '../db/bookings';
import { inTransaction } from '../db/database';
import { insertMessage, pageMessages } from '../db/messages';
import { findTicket, insertTicket, listTickets, transitionTicket } from '../db/tickets';
import { newId } from '../ids';
import type { Ctx, Outcome } from './context';

// Support tickets: waiting → active (a desk member claims) → completed | cancelled.

const notFound = () => new ApiError('NOT_FOUND', 'No such ticket');

/** The ticket if `user` takes part: its customer or any desk member. Staff get 403, others 404. */
export function visibleTicket(ctx: Ctx, user: User, id: string): Ticket {
  if (user.role === 'staff')
    throw new ApiError('FORBIDDEN', 'Support is for customers and the desk');
  const ticket = findTicket(ctx.db, id);
  if (!ticket) throw notFound();
  if (user.role === 'customer' && ticket.customerId !== user.id) throw notFound();
  return ticket;
}

export function listTicketsFor(ctx: Ctx, user: User, query: TicketsQuery): Ticket[] {
  if (user.role === 'customer') {
    return listTickets(ctx.db, { customerId: user.id, status: query.status });
  }
  if (isDesk(user.role)) return listTickets(ctx.db, { status: query.status });
  throw new ApiError('FORBIDDEN', 'Support is for customers and the desk');
}

export function openTicket(ctx: Ctx, user: User, body: CreateTicketBody): Outcome<Ticket> {
  if (user.role !== 'customer') throw new ApiError('FORBIDDEN', 'Customers open tickets');
  if (body.bookingId) {
    const booking = findBooking(ctx.db, body.bookingId);
    if (!booking || booking.customerId !== user.id) {
      throw new ApiError('BAD_REQUEST', 'bookingId: not one of your bookings', [
        { path: 'bookingId', message: 'not one of your bookings' },
      ]);
    }
  }
  const at = ctx.now().toISOString();
  return inTransaction(ctx.db, () => {
    const id = newId('tk');
    insertTicket(ctx.db, {
      id,
      customerId: user.id,
      subject: body.subject,
      bookingId: body.bookingId ?? null,
      createdAt: at,
    });
    const message = insertMessage(ctx.db, {
      id: newId('msg'),
      ticketId: id,
      senderId: user.id,
      content: body.message,
      createdAt: at,
    });
    const ticket = findTicket(ctx.db, id)!;
    return {
      result: ticket,
      mutations: [
        { kind: 'ticket.created', ticket, at },
        { kind: 'chat.message', message },
      ],
    };
  });
}

function illegal(ticket: Ticket, action: string) {
  return new ApiError('ILLEGAL_TRANSITION', `Cannot ${action} a ticket that is ${ticket.status}`, {
    currentStatus: ticket.status,
    action,
  });
}

/** First claim wins; a later one gets 409 ALREADY_CLAIMED naming who has it. */
export function claim(ctx: Ctx, user: User, id: string): Outcome<Ticket> {
  return inTransaction(ctx.db, () => {
    const ticket = visibleTicket(ctx, user, id);
    if (ticket.status === 'active') {
      throw new ApiError('ALREADY_CLAIMED', `Already claimed by ${ticket.agentName ?? 'someone'}`, {
        currentStatus: ticket.status,
        agentId: ticket.agentId,
      });
    }
    const at = ctx.now().toISOString();
    if (!transitionTicket(ctx.db, id, 'waiting', 'active', at, user.id)) {
      throw illegal(ticket, 'claim');
    }
    const after = findTicket(ctx.db, id)!;
    return { result: after, mutations: [{ kind: 'ticket.claimed', ticket: after, at }] };
  });
}

function close(ctx: Ctx, user: User, id: string, action: 'complete' | 'cancel'): Outcome<Ticket> {
  return inTransaction(ctx.db, () => {
    const ticket = visibleTicket(ctx, user, id);
    const from: TicketStatus = action === 'complete' ? 'active' : 'waiting';
    const to: TicketStatus = action === 'complete' ? 'completed' : 'cancelled';
    if (action === 'cancel' && user.role !== 'customer') {
      throw new ApiError('FORBIDDEN', 'Only the customer cancels a waiting ticket');
    }
    if (ticket.status !== from) throw illegal(ticket, action);
    const at = ctx.now().toISOString();
    if (!transitionTicket(ctx.db, id, from, to, at)) throw illegal(ticket, action);
    const after = findTicket(ctx.db, id)!;
    const kind = action === 'complete' ? 'ticket.completed' : 'ticket.cancelled';
    return { result: after, mutations: [{ kind, ticket: after, at }] };
  });
}

export const complete = (ctx: Ctx, user: User, id: string) => close(ctx, user, id, 'complete');
export const cancel = (ctx: Ctx, user: User, id: string) => close(ctx, user, id, 'cancel');

export function messages(ctx: Ctx, user: User, id: string, query: MessagesQuery): MessagesPage {
  visibleTicket(ctx, user, id);
  const page = pageMessages(ctx.db, id, query.before, query.limit);
  if (!page) {
    throw new ApiError('BAD_REQUEST', 'before: not a message of this ticket', [
      { path: 'before', message: 'unknown message' },
    ]);
  }
  return page;
}

export function postMessage(
  ctx: Ctx,
  user: User,
  id: string,
  body: PostMessageBody,
): Outcome<ChatMessage> {
  return inTransaction(ctx.db, () => {
    const ticket = visibleTicket(ctx, user, id);
    if (ticket.status === 'completed' || ticket.status === 'cancelled') {
      throw illegal(ticket, 'post to');
    }
    const message = insertMessage(ctx.db, {
      id: newId('msg'),
      ticketId: id,
      senderId: user.id,
      content: body.content,
      createdAt: ctx.now().toISOString(),
    });
    return { result: message, mutations: [{ kind: 'chat.message', message }] };
  });
}
