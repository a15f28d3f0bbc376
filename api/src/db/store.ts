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
import type { Database } from './database';
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
import type { Sql } from './sql';
import { findTicket, insertTicket, listTickets, transitionTicket } from './tickets';
import { deskUsers, findUserById } from './users';

// The domain's store port on SQL (ADR 0080, 0101): one implementation for SQLite and
// PostgreSQL, over the queries in this folder. A transaction's view is built on the `Sql` the
// database hands that transaction (PostgreSQL: its own pooled connection).

function sqlTx(sql: Sql, options: SqlStoreOptions, stored: { publishes: boolean }): StoreTx {
  return {
    catalog: {
      branch: (id) => findBranch(sql, id),
      updateBranch: (id, change) => updateBranch(sql, id, change),
      services: () => listServices(sql),
      service: (id) => findService(sql, id),
      staff: (branchId) => listStaff(sql, branchId),
      staffMember: (id) => findStaff(sql, id),
    },
    users: {
      get: (id) => findUserById(sql, id),
      desk: (branchId) => deskUsers(sql, branchId),
    },
    customers: {
      get: (id) => findCustomer(sql, id),
      search: (branchId, q, limit) => searchCustomers(sql, branchId, q, limit),
      insert: (customer) => insertCustomer(sql, customer),
      findByContact: (branchId, contact) => findCustomerByContact(sql, branchId, contact),
    },
    bookings: {
      get: (id) => findBooking(sql, id),
      list: (filter) => listBookings(sql, filter),
      activeIds: (by, limit) => activeBookingIds(sql, by, limit),
      insert: (booking) => insertBooking(sql, booking),
      update: (id, version, change, at) => updateBooking(sql, id, version, change, at),
    },
    notes: {
      list: (bookingId) => listNotes(sql, bookingId),
      insert: (note) => insertNote(sql, note),
    },
    leave: {
      get: (id) => findLeave(sql, id),
      list: (filter) => listLeave(sql, filter),
      insert: (leave) => insertLeave(sql, leave),
      decide: (id, decision, at) => decideLeave(sql, id, decision, at),
    },
    tickets: {
      get: (id) => findTicket(sql, id),
      list: (filter) => listTickets(sql, filter),
      insert: (ticket) => insertTicket(sql, ticket),
      transition: (id, change, at) => transitionTicket(sql, id, change, at),
    },
    messages: {
      page: (ticketId, before, limit) => pageMessages(sql, ticketId, before, limit),
      insert: (message) => insertMessage(sql, message),
      sentSince: (senderId, since) => sentSince(sql, senderId, since),
    },
    notifications: {
      add: async (n) => ({
        notification: await insertNotification(sql, n),
        unread: await unreadNotifications(sql, n.userId),
      }),
      list: (userId, limit) => listNotifications(sql, userId, limit),
      unread: (userId) => unreadNotifications(sql, userId),
      markRead: (userId, ids, at) => markNotificationsRead(sql, userId, ids, at),
    },
    ticketReads: {
      markRead: (ticketId, userId) => markTicketRead(sql, ticketId, userId),
      unreadCounts: (userId, ticketIds) => unreadCounts(sql, userId, ticketIds),
      lastMessages: (ticketIds) => lastMessages(sql, ticketIds),
    },
    outbox: {
      add: async (publishes) => {
        if (options.keepPublishes === false) return;
        await addToOutbox(sql, publishes, () => newId('ev'), Date.now());
        stored.publishes = true;
      },
    },
  };
}

export interface SqlStoreOptions {
  /** False drops planned publishes instead of storing them (REALTIME=off). Default true. */
  keepPublishes?: boolean;
  /** Called after a commit that stored publishes: the publisher drains them. */
  onPublishesStored?: () => void;
}

export function sqlStore(database: Database, options: SqlStoreOptions = {}): Store {
  // A transaction's view is built once per `Sql`: SQLite hands every transaction the same one
  // (so the token path's reads build nothing), PostgreSQL one per pooled connection checkout.
  const readOnly = { keepPublishes: false };
  const reads = new WeakMap<Sql, StoreTx>();
  const writes = new WeakMap<Sql, { tx: StoreTx; stored: { publishes: boolean } }>();
  const readView = (sql: Sql) => {
    let tx = reads.get(sql);
    if (!tx) {
      tx = sqlTx(sql, readOnly, { publishes: false });
      reads.set(sql, tx);
    }
    return tx;
  };
  const writeView = (sql: Sql) => {
    let view = writes.get(sql);
    if (!view) {
      const stored = { publishes: false };
      view = { tx: sqlTx(sql, options, stored), stored };
      writes.set(sql, view);
    }
    return view;
  };
  return {
    read: (work) => database.read((sql) => work(readView(sql))),
    async write(work) {
      let stored = false;
      const result = await database.write(async (sql) => {
        // Writes on one Sql never overlap (SQLite's queue, PostgreSQL's checkout).
        const view = writeView(sql);
        view.stored.publishes = false;
        const answer = await work(view.tx);
        stored = view.stored.publishes;
        return answer;
      });
      if (stored) options.onPublishesStored?.();
      return result;
    },
  };
}
