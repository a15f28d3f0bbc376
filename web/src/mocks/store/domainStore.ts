import {
  type Booking,
  type BookingNote,
  type ChatMessage,
  isActive,
  isDesk,
  type LeaveRequest,
  type Notification,
  type Publish,
} from '../../../../contract';
import {
  type DomainContext,
  isPlaceholderEmail,
  phoneDigits,
  placeholderEmail,
  type Store,
  type StoreTx,
} from '../../../../domain';
import { deliverPublishes } from '../realtime/publisher';
import { loadDb, type MockDb, type StoredUser, saveDb, withLock } from './db';
import {
  byWhen,
  contactOf,
  customersOf,
  matchesBooking,
  matchesLeave,
  newestFirst,
  positioned,
  toCustomer,
} from './queries';
import { publicUser } from './session';

// The domain's store port on mock mode's browser store (one JSON document shared by every
// tab): the same domain code as the API runs on it. A write transaction holds the cross-tab
// lock, works on a fresh copy and saves it only if the domain code finished without throwing.

function mockTx(db: MockDb, planned: Publish[] = []): StoreTx {
  const staffName = (id: string) => db.staff.find((s) => s.id === id)?.name ?? null;
  const userName = (id: string) => db.users.find((u) => u.id === id)?.name ?? '';
  const withBranch = <S extends object>(s: S) => ({ ...s, branchId: db.branch.id });
  const ticketById = (id: string) => {
    const ticket = db.tickets.find((t) => t.id === id);
    return ticket ? positioned(db, ticket) : null;
  };
  const leaveById = (id: string) => db.leave.find((l) => l.id === id) ?? null;
  const unreadOf = (userId: string) =>
    db.notifications.filter((n) => n.userId === userId && n.readAt === null).length;

  return {
    catalog: {
      branch: async (id) => (db.branch.id === id ? { ...db.branch } : null),
      updateBranch: async (id, change) => {
        if (db.branch.id !== id) return null;
        db.branch = { ...db.branch, ...change, id };
        return { ...db.branch };
      },
      services: async () => db.services,
      service: async (id) => db.services.find((s) => s.id === id) ?? null,
      staff: async (branchId) => (branchId === db.branch.id ? db.staff.map(withBranch) : []),
      staffMember: async (id) => {
        const staff = db.staff.find((s) => s.id === id);
        return staff ? withBranch(staff) : null;
      },
    },
    users: {
      get: async (id) => {
        const user = db.users.find((u) => u.id === id);
        return user ? publicUser(user) : null;
      },
      desk: async (branchId) =>
        db.users.filter((u) => u.branchId === branchId && isDesk(u.role)).map(publicUser),
    },
    customers: {
      get: async (id) => {
        const user = db.users.find((u) => u.id === id && u.role === 'customer');
        return user ? toCustomer(user) : null;
      },
      search: async (branchId, q, limit) => {
        const text = q.trim().toLowerCase();
        const digits = phoneDigits(text);
        return customersOf(db, branchId)
          .filter(
            (u) =>
              !text ||
              u.name.toLowerCase().includes(text) ||
              (!isPlaceholderEmail(u.email) && u.email.toLowerCase().includes(text)) ||
              (digits.length >= 3 && phoneDigits(u.phone ?? '').includes(digits)),
          )
          .sort(
            (a, b) =>
              a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id),
          )
          .slice(0, limit)
          .map(toCustomer);
      },
      insert: async (input) => {
        const user: StoredUser = {
          id: input.id,
          name: input.name,
          email: input.email ?? placeholderEmail(input.id),
          role: 'customer',
          staffId: null,
          branchId: input.branchId,
          password: '',
          hasAccount: false,
          ...(input.phone ? { phone: input.phone } : {}),
        };
        db.users.push(user);
        return toCustomer(user);
      },
      findByContact: async (branchId, contact) => {
        const digits = contact.phone ? phoneDigits(contact.phone) : '';
        const email = contact.email?.toLowerCase() ?? '';
        const found = customersOf(db, branchId).find(
          (u) =>
            (email !== '' && u.email.toLowerCase() === email) ||
            (digits !== '' && phoneDigits(u.phone ?? '') === digits),
        );
        return found ? toCustomer(found) : null;
      },
    },
    bookings: {
      get: async (id) => db.bookings.find((b) => b.id === id) ?? null,
      list: async (filter) => db.bookings.filter((b) => matchesBooking(b, filter)).sort(byWhen),
      activeIds: async (by, limit) => {
        const mine = db.bookings.filter(
          (b) =>
            isActive(b.status) &&
            ('customerId' in by ? b.customerId === by.customerId : b.staffId === by.staffId),
        );
        return newestFirst(mine, (b) => b.createdAt)
          .slice(0, limit)
          .map((b) => b.id);
      },
      insert: async (input) => {
        const service = db.services.find((s) => s.id === input.serviceId)!;
        const services = input.services ?? [
          {
            id: service.id,
            name: service.name,
            durationMin: service.durationMin,
            priceCents: service.priceCents,
          },
        ];
        const booking: Booking = {
          ...input,
          customerName: userName(input.customerId),
          ...contactOf(db.users.find((u) => u.id === input.customerId)),
          services,
          serviceId: services[0]!.id,
          serviceName: services[0]!.name,
          priceCents: services.reduce((sum, s) => sum + s.priceCents, 0),
          staffName: staffName(input.staffId),
          needsStaff: false,
          source: input.source ?? 'online',
          version: 1,
          updatedAt: input.createdAt,
        };
        db.bookings.push(booking);
        return booking;
      },
      update: async (id, expectedVersion, change, at) => {
        const index = db.bookings.findIndex((b) => b.id === id);
        const before = db.bookings[index];
        if (!before || before.version !== expectedVersion) return null;
        const { reason, services, staffId, ...fields } = change;
        const after: Booking = {
          ...before,
          ...fields,
          ...(staffId === undefined
            ? {}
            : { staffId, staffName: staffId ? staffName(staffId) : null }),
          ...(services
            ? {
                services,
                serviceId: services[0]!.id,
                serviceName: services[0]!.name,
                priceCents: services.reduce((sum, s) => sum + s.priceCents, 0),
              }
            : {}),
          version: before.version + 1,
          updatedAt: at,
        };
        // As the API: a status change stores its reason, or clears an old one.
        if (change.status !== undefined) {
          if (reason) after.statusReason = reason;
          else delete after.statusReason;
        }
        db.bookings[index] = after;
        return after;
      },
    },
    notes: {
      list: async (bookingId) => db.notes.filter((n) => n.bookingId === bookingId),
      insert: async (input) => {
        const note: BookingNote = { ...input, authorName: userName(input.authorId) };
        db.notes.push(note);
        return note;
      },
    },
    leave: {
      get: async (id) => leaveById(id),
      list: async (filter) =>
        [...db.leave]
          .reverse()
          .filter((l) => matchesLeave(l, filter))
          .sort((a, b) => b.from.localeCompare(a.from) || b.createdAt.localeCompare(a.createdAt)),
      insert: async (input) => {
        const leave: LeaveRequest = {
          ...input,
          staffName: staffName(input.staffId) ?? '',
          status: 'pending',
          decidedBy: null,
          affectedBookingIds: [],
          version: 1,
          updatedAt: input.createdAt,
        };
        db.leave.push(leave);
        return leave;
      },
      decide: async (id, decision, at) => {
        const index = db.leave.findIndex((l) => l.id === id);
        const before = db.leave[index];
        if (before?.status !== 'pending') return null;
        const after: LeaveRequest = {
          ...before,
          ...decision,
          version: before.version + 1,
          updatedAt: at,
        };
        db.leave[index] = after;
        return after;
      },
    },
    tickets: {
      get: async (id) => ticketById(id),
      list: async ({ customerId, statuses }) =>
        newestFirst(
          db.tickets.filter(
            (t) =>
              (!customerId || t.customerId === customerId) &&
              (!statuses || statuses.includes(t.status)),
          ),
          (t) => t.createdAt,
        ).map((t) => positioned(db, t)),
      insert: async (input) => {
        db.tickets.push({
          ...input,
          customerName: userName(input.customerId),
          status: 'waiting',
          agentId: null,
          agentName: null,
          queuePosition: null,
          version: 1,
          updatedAt: input.createdAt,
        });
        return ticketById(input.id)!;
      },
      transition: async (id, change, at) => {
        const index = db.tickets.findIndex((t) => t.id === id);
        const before = db.tickets[index];
        if (!before || before.status !== change.from) return null;
        const agentId = change.agentId ?? before.agentId;
        db.tickets[index] = {
          ...before,
          status: change.to,
          agentId,
          agentName: agentId ? userName(agentId) : null,
          version: before.version + 1,
          updatedAt: at,
        };
        return ticketById(id);
      },
    },
    messages: {
      page: async (ticketId, before, limit) => {
        const all = db.messages.filter((m) => m.sessionId === ticketId);
        const end = before ? all.findIndex((m) => m.id === before) : all.length;
        if (end === -1) return null;
        const start = Math.max(0, end - limit);
        return { messages: all.slice(start, end), hasMore: start > 0 };
      },
      insert: async (input) => {
        const sender = db.users.find((u) => u.id === input.senderId)!;
        const message: ChatMessage = {
          id: input.id,
          sessionId: input.ticketId,
          senderId: sender.id,
          senderName: sender.name,
          senderRole: sender.role,
          content: input.content,
          timestamp: input.createdAt,
        };
        db.messages.push(message);
        return message;
      },
      sentSince: async (senderId, since) =>
        db.messages
          .filter((m) => m.senderId === senderId && m.timestamp >= since)
          .map((m) => m.timestamp),
    },
    notifications: {
      add: async (n) => {
        const notification: Notification = {
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.createdAt,
          readAt: null,
        };
        db.notifications.push({ ...notification, userId: n.userId });
        return { notification, unread: unreadOf(n.userId) };
      },
      list: async (userId, limit) =>
        newestFirst(
          db.notifications.filter((n) => n.userId === userId),
          (n) => n.createdAt,
        )
          .slice(0, limit)
          .map(({ userId: _userId, ...n }) => n),
      unread: async (userId) => unreadOf(userId),
      markRead: async (userId, ids, at) => {
        const changed: string[] = [];
        for (const n of db.notifications) {
          if (n.userId !== userId || n.readAt !== null) continue;
          if (ids !== 'all' && !ids.includes(n.id)) continue;
          n.readAt = at;
          changed.push(n.id);
        }
        return changed;
      },
    },
    ticketReads: {
      markRead: async (ticketId, userId) => {
        db.ticketReads[`${ticketId} ${userId}`] = db.messages.filter(
          (m) => m.sessionId === ticketId,
        ).length;
      },
      unreadCounts: async (userId, ticketIds) =>
        Object.fromEntries(
          ticketIds.map((ticketId) => {
            const read = db.ticketReads[`${ticketId} ${userId}`] ?? 0;
            const after = db.messages.filter((m) => m.sessionId === ticketId).slice(read);
            return [ticketId, after.filter((m) => m.senderId !== userId).length];
          }),
        ),
      lastMessages: async (ticketIds) =>
        Object.fromEntries(
          ticketIds.flatMap((ticketId) => {
            const last = db.messages.filter((m) => m.sessionId === ticketId).at(-1);
            return last ? [[ticketId, last]] : [];
          }),
        ),
    },
    outbox: {
      add: async (publishes) => {
        planned.push(...publishes);
      },
    },
  };
}

export const mockStore: Store = {
  read: (work) => work(mockTx(loadDb())),
  write: (work) =>
    withLock(async () => {
      const db = loadDb();
      const planned: Publish[] = [];
      const result = await work(mockTx(db, planned));
      saveDb(db);
      // Delivered after the answer, like the API's publisher: realtime never delays a change.
      if (planned.length > 0) queueMicrotask(() => deliverPublishes(planned));
      return result;
    }),
};

let clock: () => Date = () => new Date();

/** Tests move mock mode's clock as the API's tests move the API's. */
export function setMockClock(now: (() => Date) | null): void {
  clock = now ?? (() => new Date());
}

function newId(prefix: string): string {
  const random = globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 12);
  return `${prefix}_${Date.now().toString(36)}${random}`;
}

/** What mock handlers hand the domain: the browser store, the (movable) clock, ids. */
export const mockDomain: DomainContext = { store: mockStore, now: () => clock(), newId };
