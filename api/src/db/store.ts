import type { Store, StoreTx } from '../../../domain';
import {
  activeBookingIds,
  findBooking,
  insertBooking,
  listBookings,
  updateBooking,
} from './bookings';
import { findBranch, findService, findStaff, listServices, listStaff } from './catalog';
import type { Db } from './database';
import { decideLeave, findLeave, insertLeave, listLeave } from './leave';
import { insertMessage, pageMessages } from './messages';
import { insertNote, listNotes } from './notes';
import { findTicket, insertTicket, listTickets, transitionTicket } from './tickets';
import { findUserById } from './users';

// The domain's store port on SQLite (better-sqlite3). Statements run synchronously; the port
// is asynchronous so a networked database can implement it too (ADR 0080). One connection
// serves every caller, so one lock orders transactions: a read never sees a write that is
// half-way through its awaits, and SQLite's single writer is never asked to nest.

function sqlTx(db: Db): StoreTx {
  return {
    catalog: {
      branch: async (id) => findBranch(db, id),
      services: async () => listServices(db),
      service: async (id) => findService(db, id),
      staff: async (branchId) => listStaff(db, branchId),
      staffMember: async (id) => findStaff(db, id),
    },
    users: { get: async (id) => findUserById(db, id) },
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

export function sqliteStore(db: Db): Store {
  const tx = sqlTx(db);
  const serially = serialQueue();
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  return {
    read: (work) => serially(() => work(tx)),
    write: (work) =>
      serially(async () => {
        begin.run();
        try {
          const result = await work(tx);
          commit.run();
          return result;
        } catch (error) {
          if (db.inTransaction) rollback.run();
          throw error;
        }
      }),
  };
}
