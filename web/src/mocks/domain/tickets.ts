import {
  ApiError,
  type ChatMessage,
  type CreateTicketBody,
  isDesk,
  type MessagesPage,
  type MessagesQuery,
  type Ticket,
  type TicketsQuery,
  type User,
} from '../../../../contract';
import type { MockDb } from '../store/db';
import type { Outcome } from './bookings';
import { forbidden, newId, notFound, nowIso, requireDesk } from './common';

/** Tickets with `queuePosition` derived from the waiting line (oldest first). */
function withPositions(db: MockDb): Ticket[] {
  const waiting = db.tickets
    .filter((t) => t.status === 'waiting')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return db.tickets.map((t) => {
    const at = waiting.indexOf(t);
    return { ...t, queuePosition: at === -1 ? null : at + 1 };
  });
}

function positioned(db: MockDb, id: string): Ticket {
  const ticket = withPositions(db).find((t) => t.id === id);
  if (!ticket) notFound('Ticket');
  return ticket;
}

const noStaff = () => forbidden('Support is for customers and the desk');

/** The ticket if `user` takes part: its customer or any desk member. Staff 403, others 404. */
function visibleTicket(db: MockDb, user: User, id: string): Ticket {
  if (user.role === 'staff') noStaff();
  const ticket = positioned(db, id);
  if (user.role === 'customer' && ticket.customerId !== user.id) notFound('Ticket');
  return ticket;
}

export function listTickets(db: MockDb, user: User, query: TicketsQuery): Ticket[] {
  if (user.role === 'staff') noStaff();
  return withPositions(db)
    .filter((t) => isDesk(user.role) || t.customerId === user.id)
    .filter((t) => !query.status || t.status === query.status)
    .reverse() // newest first, later-created first on a tie (as the API orders)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function getTicket(db: MockDb, user: User, id: string): Ticket {
  return visibleTicket(db, user, id);
}

export function createTicket(db: MockDb, user: User, body: CreateTicketBody): Outcome<Ticket> {
  if (user.role !== 'customer') forbidden('Customers open tickets');
  if (body.bookingId) {
    const booking = db.bookings.find((b) => b.id === body.bookingId);
    if (!booking || booking.customerId !== user.id) {
      throw new ApiError('BAD_REQUEST', 'bookingId: not one of your bookings', [
        { path: 'bookingId', message: 'not one of your bookings' },
      ]);
    }
  }
  const now = nowIso();
  const ticket: Ticket = {
    id: newId('tk'),
    customerId: user.id,
    customerName: user.name,
    subject: body.subject,
    bookingId: body.bookingId ?? null,
    status: 'waiting',
    agentId: null,
    agentName: null,
    queuePosition: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  db.tickets.push(ticket);
  const message: ChatMessage = {
    id: newId('msg'),
    sessionId: ticket.id,
    senderId: user.id,
    senderName: user.name,
    senderRole: user.role,
    content: body.message,
    timestamp: now,
  };
  db.messages.push(message);
  const result = positioned(db, ticket.id);
  return {
    result,
    mutations: [
      { kind: 'ticket.created', ticket: result, at: now },
      { kind: 'chat.message', message },
    ],
  };
}

type TicketAction = 'claim' | 'complete' | 'cancel';

export function changeTicket(
  db: MockDb,
  user: User,
  id: string,
  action: TicketAction,
): Outcome<Ticket> {
  visibleTicket(db, user, id);
  const index = db.tickets.findIndex((t) => t.id === id);
  const before = db.tickets[index]!;

  const illegal = (): never => {
    throw new ApiError('ILLEGAL_TRANSITION', `Cannot ${action} a ticket that is ${before.status}`, {
      currentStatus: before.status,
      action,
    });
  };
  const now = nowIso();
  let changes: Partial<Ticket>;
  if (action === 'claim') {
    requireDesk(user);
    if (before.status === 'active') {
      throw new ApiError('ALREADY_CLAIMED', `Already claimed by ${before.agentName ?? 'someone'}`, {
        currentStatus: before.status,
        agentId: before.agentId,
      });
    }
    if (before.status !== 'waiting') illegal();
    changes = { status: 'active', agentId: user.id, agentName: user.name };
  } else if (action === 'complete') {
    if (before.status !== 'active') illegal();
    changes = { status: 'completed' };
  } else {
    if (user.role !== 'customer') forbidden('Only the customer cancels a waiting ticket');
    if (before.status !== 'waiting') illegal();
    changes = { status: 'cancelled' };
  }
  db.tickets[index] = { ...before, ...changes, version: before.version + 1, updatedAt: now };
  const ticket = positioned(db, id);
  const kind =
    action === 'claim'
      ? 'ticket.claimed'
      : action === 'complete'
        ? 'ticket.completed'
        : 'ticket.cancelled';
  return { result: ticket, mutations: [{ kind, ticket, at: now }] };
}

export function listMessages(
  db: MockDb,
  user: User,
  id: string,
  query: MessagesQuery,
): MessagesPage {
  getTicket(db, user, id);
  const all = db.messages.filter((m) => m.sessionId === id);
  let end = all.length;
  if (query.before) {
    end = all.findIndex((m) => m.id === query.before);
    if (end === -1) {
      throw new ApiError('BAD_REQUEST', 'before: not a message of this ticket', [
        { path: 'before', message: 'unknown message' },
      ]);
    }
  }
  const start = Math.max(0, end - query.limit);
  return { messages: all.slice(start, end), hasMore: start > 0 };
}

export function postMessage(
  db: MockDb,
  user: User,
  id: string,
  content: string,
): Outcome<ChatMessage> {
  const ticket = getTicket(db, user, id);
  if (ticket.status === 'completed' || ticket.status === 'cancelled') {
    throw new ApiError('ILLEGAL_TRANSITION', `Cannot post to a ticket that is ${ticket.status}`, {
      currentStatus: ticket.status,
      action: 'post to',
    });
  }
  const message: ChatMessage = {
    id: newId('msg'),
    sessionId: id,
    senderId: user.id,
    senderName: user.name,
    senderRole: user.role,
    content,
    timestamp: nowIso(),
  };
  db.messages.push(message);
  return { result: message, mutations: [{ kind: 'chat.message', message }] };
}
