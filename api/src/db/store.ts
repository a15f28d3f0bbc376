import type { Store, StoreTx } from '../../../domain';
import { newId } from '../ids';
import {
  activeBookingIds,
  findBooking,
  insertBooking,
  listBookings,
  updateBooking,
} from './bookings';
import {
  findBranch,
  findService,
  findStaff,
  listServices,
  listStaff,
  updateBranch,
} from './catalog';
import { findCustomer, findCustomerByContact, insertCustomer, searchCustomers } from './customers';
import type { Db } from './database';
import { decideLeave, findLeave, insertLeave, listLeave } from './leave';
import { insertMessage, lastMessages, pageMessages, sentSince } from './messages';
import { insertNote, listNotes } from './notes';
import {
  insertNotification,
  listNotifications,
  markNotificationsRead,
  markTicketRead,
  unreadCounts,
  unreadNotifications,
} from './notifications';
import { addToOutbox } from './outbox';
import { findTicket, insertTicket, listTickets, transitionTicket } from './tickets';
import { deskUsers, findUserById } from './users';

// The domain's store port on SQLite (better-sqlite3). Statements run synchronously; the port
// is asynchronous so a networked database can implement it too (ADR 0080). One connection
// serves every caller, so one lock orders transactions: a read never sees a write that is
// half-way through its awaits, and SQLite's single writer is never asked to nest.

function sqlTx(db: Db, options: SqliteStoreOptions, stored: { publishes: boolean }): StoreTx {
  return {
    catalog: {
      branch: async (id) => findBranch(db, id),
      updateBranch: async (id, change) => updateBranch(db, id, change),
      services: async () => listServices(db),
      service: async (id) => findService(db, id),
      staff: async (branchId) => listStaff(db, branchId),
      staffMember: async (id) => findStaff(db, id),
    },
    users: {
      get: async (id) => findUserById(db, id),
      desk: async (branchId) => deskUsers(db, branchId),
    },
    customers: {
      get: async (id) => findCustomer(db, id),
      search: async (branchId, q, limit) => searchCustomers(db, branchId, q, limit),
      insert: async (customer) => insertCustomer(db, customer),
      findByContact: async (branchId, contact) => findCustomerByContact(db, branchId, contact),
    },
    bookings: {
      get: async (id) => findBooking(db, id),
      list: async (filter) => listBookings(db, filter),
      activeIds: async (by, limit) => activeBookingIds(db, by, limit),
      insert: async (booking) => insertBooking(db, booking),
      update: async (id, version, change, at) => updateBooking(db, id, version, change, at),
    },
    notes: {
      list: async (bookingId) => listNotes(db, bookingId),
      insert: async (note) => insertNote(db, note),
    },
    leave: {
      get: async (id) => findLeave(db, id),
      list: async (filter) => listLeave(db, filter),
      insert: async (leave) => insertLeave(db, leave),
      decide: async (id, decision, at) => decideLeave(db, id, decision, at),
    },
    tickets: {
      get: async (id) => findTicket(db, id),
      list: async (filter) => listTickets(db, filter),
      insert: async (ticket) => insertTicket(db, ticket),
      transition: async (id, change, at) => transitionTicket(db, id, change, at),
    },
    messages: {
      page: async (ticketId, before, limit) => pageMessages(db, ticketId, before, limit),
      insert: async (message) => insertMessage(db, message),
      sentSince: async (senderId, since) => sentSince(db, senderId, since),
    },
    notifications: {
      add: async (n) => ({
        notification: insertNotification(db, n),
        unread: unreadNotifications(db, n.userId),
      }),
      list: async (userId, limit) => listNotifications(db, userId, limit),
      unread: async (userId) => unreadNotifications(db, userId),
      markRead: async (userId, ids, at) => markNotificationsRead(db, userId, ids, at),
    },
    ticketReads: {
      markRead: async (ticketId, userId) => markTicketRead(db, ticketId, userId),
      unreadCounts: async (userId, ticketIds) => unreadCounts(db, userId, ticketIds),
      lastMessages: async (ticketIds) => lastMessages(db, ticketIds),
    },
    outbox: {
      add: async (publishes) => {
        if (options.keepPublishes === false) return;
        addToOutbox(db, publishes, () => newId('ev'), Date.now());
        stored.publishes = true;
      },
    },
  };
}

/** Runs queued work one at a time, in arrival order. */
function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

export interface SqliteStoreOptions {
  /** False drops planned publishes instead of storing them (REALTIME=off). Default true. */
  keepPublishes?: boolean;
  /** Called after a commit that stored publishes: the publisher drains them. */
  onPublishesStored?: () => void;
}

export interface SqliteStore extends Store {
  /** Runs `fn` alone on the connection, between transactions (the outbox publisher's reads). */
  exclusive<T>(fn: () => T): Promise<T>;
}

export function sqliteStore(db: Db, options: SqliteStoreOptions = {}): SqliteStore {
  const stored = { publishes: false };
  const tx = sqlTx(db, options, stored);
  const serially = serialQueue();
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  return {
    read: (work) => serially(() => work(tx)),
    write: (work) =>
      serially(async () => {
        stored.publishes = false;
        begin.run();
        try {
          const result = await work(tx);
          commit.run();
          if (stored.publishes) options.onPublishesStored?.();
          return result;
        } catch (error) {
          if (db.inTransaction) rollback.run();
          throw error;
        }
      }),
    exclusive: (fn) => serially(async () => fn()),
  };
}
