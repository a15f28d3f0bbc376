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
import { canSeeBooking, type Outcome } from './bookings';
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

/** Customers see their own tickets, the desk sees all; staff are not part of support. */
function assertParticipant(user: User, ticket: Ticket): void {
  if (isDesk(user.role)) return;
  if (user.role === 'customer' && ticket.customerId === user.id) return;
  if (user.role === 'customer') notFound('Ticket');
  forbidden('Support is handled by the front desk');
}

export function listTickets(db: MockDb, user: User, query: TicketsQuery): Ticket[] {
  if (user.role === 'staff') forbidden('Support is handled by the front desk');
  return withPositions(db)
    .filter((t) => isDesk(user.role) || t.customerId === user.id)
    .filter((t) => !query.status || t.status === query.status)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export function getTicket(db: MockDb, user: User, id: string): Ticket {
  const ticket = positioned(db, id);
  assertParticipant(user, ticket);
  return ticket;
}

export function createTicket(db: MockDb, user: User, body: CreateTicketBody): Outcome<Ticket> {
  if (user.role !== 'customer') forbidden('Only customers open tickets');
  if (body.bookingId) {
    const booking = db.bookings.find((b) => b.id === body.bookingId);
    if (!booking || !canSeeBooking(user, booking)) notFound('Booking');
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
  db.messages.push({
    id: newId('msg'),
    sessionId: ticket.id,
    senderId: user.id,
    senderName: user.name,
    senderRole: user.role,
    content: body.message,
    timestamp: now,
  });
  const result = positioned(db, ticket.id);
  return { result, mutations: [{ kind: 'ticket.created', ticket: result, at: now }] };
}

type TicketAction = 'claim' | 'complete' | 'cancel';

export function changeTicket(
  db: MockDb,
  user: User,
  id: string,
  action: TicketAction,
): Outcome<Ticket> {
  const index = db.tickets.findIndex((t) => t.id === id);
  const before = db.tickets[index];
  if (!before) notFound('Ticket');
  assertParticipant(user, before);

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
      throw new ApiError('ALREADY_CLAIMED', `${before.agentName ?? 'Someone'} already claimed it`, {
        agentId: before.agentId,
      });
    }
    if (before.status !== 'waiting') illegal();
    changes = { status: 'active', agentId: user.id, agentName: user.name };
  } else if (action === 'complete') {
    if (before.status !== 'active') illegal();
    changes = { status: 'completed' };
  } else {
    if (user.role !== 'customer') forbidden('Only the customer cancels their ticket');
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
    if (end === -1) notFound('Message');
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
