import {
  type Booking,
  type BookingNote,
  type ChatMessage,
  isActive,
  type LeaveRequest,
  type Publish,
  type Ticket,
} from '../../../../contract';
import type { BookingFilter, DomainContext, LeaveFilter, Store, StoreTx } from '../../../../domain';
import { deliverPublishes } from '../realtime/publisher';
import { loadDb, type MockDb, saveDb, withLock } from './db';
import { publicUser } from './session';

// The domain's store port on mock mode's browser store (one JSON document shared by every
// tab): the same domain code as the API runs on it. A write transaction holds the cross-tab
// lock, works on a fresh copy and saves it only if the domain code finished without throwing.

/** The API's order for bookings: date, time, then creation (stable: insertion on ties). */
const byWhen = (a: Booking, b: Booking) =>
  a.date.localeCompare(b.date) ||
  a.time.localeCompare(b.time) ||
  a.createdAt.localeCompare(b.createdAt);

/** Newest first, and a later insert first on equal times (as SQL's `rowid DESC`). */
function newestFirst<T>(list: readonly T[], at: (item: T) => string): T[] {
  return [...list].reverse().sort((a, b) => at(b).localeCompare(at(a)));
}

function matchesBooking(b: Booking, f: BookingFilter): boolean {
  return (
    (!f.branchId || b.branchId === f.branchId) &&
    (!f.customerId || b.customerId === f.customerId) &&
    (!f.staffId || b.staffId === f.staffId) &&
    (!f.status || b.status === f.status) &&
    (!f.activeOnly || isActive(b.status)) &&
    (!f.date || b.date === f.date) &&
    (!f.from || b.date >= f.from) &&
    (!f.to || b.date <= f.to)
  );
}

function matchesLeave(l: LeaveRequest, f: LeaveFilter): boolean {
  return (
    (!f.branchId || l.branchId === f.branchId) &&
    (!f.staffId || l.staffId === f.staffId) &&
    (!f.statuses || f.statuses.includes(l.status)) &&
    (!f.overlapping || (l.from <= f.overlapping.to && l.to >= f.overlapping.from))
  );
}

/** `queuePosition`: 1-based rank among waiting tickets, oldest first. */
function positioned(db: MockDb, ticket: Ticket): Ticket {
  if (ticket.status !== 'waiting') return { ...ticket, queuePosition: null };
  const ahead = db.tickets.filter(
    (t, i) =>
      t.status === 'waiting' &&
      (t.createdAt < ticket.createdAt ||
        (t.createdAt === ticket.createdAt && i <= db.tickets.indexOf(ticket))),
  );
  return { ...ticket, queuePosition: ahead.length };
}

function mockTx(db: MockDb, planned: Publish[] = []): StoreTx {
  const staffName = (id: string) => db.staff.find((s) => s.id === id)?.name ?? null;
  const userName = (id: string) => db.users.find((u) => u.id === id)?.name ?? '';
  const withBranch = <S extends object>(s: S) => ({ ...s, branchId: db.branch.id });
  const ticketById = (id: string) => {
    const ticket = db.tickets.find((t) => t.id === id);
    return ticket ? positioned(db, ticket) : null;
  };
  const leaveById = (id: string) => db.leave.find((l) => l.id === id) ?? null;

  return {
    catalog: {
      branch: async (id) => (db.branch.id === id ? { ...db.branch } : null),
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
        const booking: Booking = {
          ...input,
          customerName: userName(input.customerId),
          serviceName: service.name,
          staffName: staffName(input.staffId),
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
        const { reason: _reason, ...fields } = change;
        const after: Booking = {
          ...before,
          ...fields,
          staffName: fields.staffId ? staffName(fields.staffId) : before.staffName,
          version: before.version + 1,
          updatedAt: at,
        };
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
