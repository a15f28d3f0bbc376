import {
  ApiError,
  CHAT_BURST,
  CHAT_WINDOW_S,
  type ChatMessage,
  type CreateTicketBody,
  isDesk,
  limitReached,
  MAX_OPEN_TICKETS,
  type MessagesPage,
  type MessagesQuery,
  type PostMessageBody,
  type Ticket,
  type TicketStatus,
  type TicketsQuery,
  type User,
} from '../contract';
import { commit } from './commit';
import type { DomainContext, Outcome, StoreTx } from './port';
import { shorten } from './text';

// Support tickets and their chat: waiting → active (a desk member claims) → completed |
// cancelled. The customer who opened it and every desk member take part.

function supportOnly(user: User): void {
  if (user.role === 'staff') {
    throw new ApiError('FORBIDDEN', 'Support is for customers and the desk');
  }
}

/** The ticket if `user` takes part: its customer or any desk member. Staff 403, others 404. */
async function visibleTicket(tx: StoreTx, user: User, id: string): Promise<Ticket> {
  supportOnly(user);
  const ticket = await tx.tickets.get(id);
  if (!ticket || (user.role === 'customer' && ticket.customerId !== user.id)) {
    throw new ApiError('NOT_FOUND', 'No such ticket');
  }
  return ticket;
}

function illegal(ticket: Ticket, action: string): ApiError {
  return new ApiError('ILLEGAL_TRANSITION', `Cannot ${action} a ticket that is ${ticket.status}`, {
    currentStatus: ticket.status,
    action,
  });
}

/** The caller's tickets, each with their unread count and the newest message's preview. */
export async function listTickets(ctx: DomainContext, user: User, query: TicketsQuery) {
  supportOnly(user);
  const statuses = query.status ? [query.status] : undefined;
  return ctx.store.read(async (tx): Promise<Ticket[]> => {
    const tickets = await tx.tickets.list(
      isDesk(user.role) ? { statuses } : { customerId: user.id, statuses },
    );
    const ids = tickets.map((t) => t.id);
    const unread = await tx.ticketReads.unreadCounts(user.id, ids);
    const last = await tx.ticketReads.lastMessages(ids);
    return tickets.map((t) => {
      const m = last[t.id];
      return {
        ...t,
        unreadCount: unread[t.id] ?? 0,
        ...(m
          ? {
              lastMessage: {
                senderName: m.senderName,
                preview: shorten(m.content, 120),
                timestamp: m.timestamp,
              },
            }
          : {}),
      };
    });
  });
}

/**
 * The caller has the conversation open: everything in it is read, and so are their
 * notifications about it (on every tab and device, through `notification.read`).
 */
export async function markTicketRead(
  ctx: DomainContext,
  user: User,
  id: string,
): Promise<Outcome<{ unreadCount: 0 }>> {
  return commit(ctx, user, async (tx) => {
    await visibleTicket(tx, user, id);
    await tx.ticketReads.markRead(id, user.id);
    const about = (await tx.notifications.list(user.id, 200)).filter(
      (n) => n.readAt === null && n.link.endsWith(`/support/${id}`),
    );
    const ids = about.length
      ? await tx.notifications.markRead(
          user.id,
          about.map((n) => n.id),
          ctx.now().toISOString(),
        )
      : [];
    const mutations: Outcome<unknown>['mutations'] = [];
    if (ids.length > 0) {
      const unread = await tx.notifications.unread(user.id);
      mutations.push({ kind: 'notifications.read', userId: user.id, ids, unread });
    }
    return { result: { unreadCount: 0 }, mutations };
  });
}

export async function openTicket(
  ctx: DomainContext,
  user: User,
  body: CreateTicketBody,
): Promise<Outcome<Ticket>> {
  if (user.role !== 'customer') throw new ApiError('FORBIDDEN', 'Customers open tickets');
  return commit(ctx, user, async (tx) => {
    const open = await tx.tickets.list({ customerId: user.id, statuses: ['waiting', 'active'] });
    if (open.length >= MAX_OPEN_TICKETS) {
      throw limitReached(
        'open_tickets',
        `You have ${open.length} open conversations; close one before starting another (at most ${MAX_OPEN_TICKETS})`,
      );
    }
    if (body.bookingId) {
      const booking = await tx.bookings.get(body.bookingId);
      if (!booking || booking.customerId !== user.id) {
        throw new ApiError('BAD_REQUEST', 'bookingId: not one of your bookings', [
          { path: 'bookingId', message: 'not one of your bookings' },
        ]);
      }
    }
    const at = ctx.now().toISOString();
    const created = await tx.tickets.insert({
      id: ctx.newId('tk'),
      customerId: user.id,
      subject: body.subject,
      bookingId: body.bookingId ?? null,
      createdAt: at,
    });
    const message = await tx.messages.insert({
      id: ctx.newId('msg'),
      ticketId: created.id,
      senderId: user.id,
      content: body.message,
      createdAt: at,
    });
    return {
      result: created,
      mutations: [
        { kind: 'ticket.created', ticket: created, at },
        { kind: 'chat.message', message },
      ],
    };
  });
}

/** First claim wins; a later one gets 409 ALREADY_CLAIMED naming who has it. */
export async function claimTicket(
  ctx: DomainContext,
  user: User,
  id: string,
): Promise<Outcome<Ticket>> {
  if (!isDesk(user.role)) throw new ApiError('FORBIDDEN', 'Only the desk claims tickets');
  return commit(ctx, user, async (tx) => {
    const ticket = await visibleTicket(tx, user, id);
    if (ticket.status === 'active') {
      throw new ApiError('ALREADY_CLAIMED', `Already claimed by ${ticket.agentName ?? 'someone'}`, {
        currentStatus: ticket.status,
        agentId: ticket.agentId,
      });
    }
    const at = ctx.now().toISOString();
    const after = await tx.tickets.transition(
      id,
      { from: 'waiting', to: 'active', agentId: user.id },
      at,
    );
    if (!after) throw illegal(ticket, 'claim');
    return { result: after, mutations: [{ kind: 'ticket.claimed', ticket: after, at }] };
  });
}

async function closeTicket(
  ctx: DomainContext,
  user: User,
  id: string,
  action: 'complete' | 'cancel',
): Promise<Outcome<Ticket>> {
  return commit(ctx, user, async (tx) => {
    const ticket = await visibleTicket(tx, user, id);
    if (action === 'cancel' && user.role !== 'customer') {
      throw new ApiError('FORBIDDEN', 'Only the customer cancels a waiting ticket');
    }
    const from: TicketStatus = action === 'complete' ? 'active' : 'waiting';
    const to: TicketStatus = action === 'complete' ? 'completed' : 'cancelled';
    if (ticket.status !== from) throw illegal(ticket, action);
    const at = ctx.now().toISOString();
    const after = await tx.tickets.transition(id, { from, to }, at);
    if (!after) throw illegal(ticket, action);
    const kind = action === 'complete' ? 'ticket.completed' : 'ticket.cancelled';
    return { result: after, mutations: [{ kind, ticket: after, at }] };
  });
}

/** The desk or the ticket's customer ends an active conversation. */
export const completeTicket = (ctx: DomainContext, user: User, id: string) =>
  closeTicket(ctx, user, id, 'complete');
/** The customer withdraws a ticket still waiting in the queue. */
export const cancelTicket = (ctx: DomainContext, user: User, id: string) =>
  closeTicket(ctx, user, id, 'cancel');

export async function listMessages(
  ctx: DomainContext,
  user: User,
  id: string,
  query: MessagesQuery,
): Promise<MessagesPage> {
  return ctx.store.read(async (tx) => {
    await visibleTicket(tx, user, id);
    const page = await tx.messages.page(id, query.before, query.limit);
    if (!page) {
      throw new ApiError('BAD_REQUEST', 'before: not a message of this ticket', [
        { path: 'before', message: 'unknown message' },
      ]);
    }
    return page;
  });
}

export async function postMessage(
  ctx: DomainContext,
  user: User,
  id: string,
  body: PostMessageBody,
): Promise<Outcome<ChatMessage>> {
  return commit(ctx, user, async (tx) => {
    const ticket = await visibleTicket(tx, user, id);
    if (ticket.status === 'completed' || ticket.status === 'cancelled') {
      throw illegal(ticket, 'post to');
    }
    await assertChatRate(tx, user, ctx.now());
    const message = await tx.messages.insert({
      id: ctx.newId('msg'),
      ticketId: id,
      senderId: user.id,
      content: body.content,
      createdAt: ctx.now().toISOString(),
    });
    // Whoever writes has read the conversation up to their own message.
    await tx.ticketReads.markRead(id, user.id);
    return { result: message, mutations: [{ kind: 'chat.message', message }] };
  });
}

/** At most CHAT_BURST messages per person in any CHAT_WINDOW_S seconds (429, with when to retry). */
async function assertChatRate(tx: StoreTx, user: User, now: Date): Promise<void> {
  const windowMs = CHAT_WINDOW_S * 1000;
  const recent = await tx.messages.sentSince(
    user.id,
    new Date(now.getTime() - windowMs).toISOString(),
  );
  if (recent.length < CHAT_BURST) return;
  const frees = Date.parse(recent[recent.length - CHAT_BURST]!) + windowMs;
  throw limitReached(
    'chat_rate',
    `Slow down: at most ${CHAT_BURST} messages in ${CHAT_WINDOW_S} seconds`,
    { status: 429, retryAfterS: Math.max(1, Math.ceil((frees - now.getTime()) / 1000)) },
  );
}
