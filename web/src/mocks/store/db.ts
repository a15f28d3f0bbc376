import {
  type Booking,
  type BookingNote,
  type Branch,
  type ChatMessage,
  demoSalon,
  type LeaveRequest,
  localDate,
  type Notification,
  type Service,
  type Staff,
  type Ticket,
  type User,
} from '../../../../contract';
import { sharedStorage } from './storage';

// The in-browser database of mock mode: one JSON document in localStorage, read fresh for
// every request and written back after every mutation, so all tabs of the origin share it.

export interface StoredUser extends User {
  /** Mock mode only: kept as typed so a developer can read it in devtools. Never a real secret. */
  password: string;
  phone?: string;
  /** False for a customer the desk added (no password: cannot sign in). Default true. */
  hasAccount?: boolean;
}

export interface MockDb {
  schema: number;
  /** The branch's day the demo activity was dated from; a new day re-seeds (ADR 0040). */
  seededOn: string;
  branch: Branch;
  users: StoredUser[];
  services: Service[];
  staff: Staff[];
  bookings: Booking[];
  notes: BookingNote[];
  leave: LeaveRequest[];
  tickets: Ticket[];
  messages: ChatMessage[];
  notifications: StoredNotification[];
  /** Per `${ticketId} ${userId}`: how many of the ticket's messages the person has read. */
  ticketReads: Record<string, number>;
}

export interface StoredNotification extends Notification {
  userId: string;
}

export const DB_KEY = 'glowdesk.mock.db';
/** 2: branch settings, customers without accounts, multi-service bookings. 3: notifications. */
const SCHEMA = 3;

/** The demo salon; its branch starts in `timeZone` (default: the browser's). */
export function seedDb(now: Date = new Date(), timeZone?: string): MockDb {
  const salon = demoSalon(now, timeZone);
  return {
    schema: SCHEMA,
    seededOn: salon.today,
    branch: salon.branch,
    users: salon.users.map((u) => ({
      ...u,
      password: salon.password,
      ...(salon.phones[u.id] ? { phone: salon.phones[u.id] } : {}),
    })),
    services: salon.services,
    staff: salon.staff.map(({ id, name, userId }) => ({ id, name, userId })),
    bookings: salon.bookings,
    notes: [],
    leave: [],
    // queuePosition is derived on read; stored tickets keep whatever the seed says.
    tickets: salon.tickets,
    messages: salon.messages,
    notifications: [],
    ticketReads: {},
  };
}

function parse(raw: string | null): MockDb | null {
  if (!raw) return null;
  try {
    const db = JSON.parse(raw) as MockDb;
    return db && db.schema === SCHEMA ? db : null;
  } catch {
    return null;
  }
}

/** A fresh copy of the current data (seeding it on first use). */
export function loadDb(): MockDb {
  const existing = parse(sharedStorage().getItem(DB_KEY));
  if (existing) return existing;
  const seeded = seedDb();
  saveDb(seeded);
  return seeded;
}

export function saveDb(db: MockDb): void {
  sharedStorage().setItem(DB_KEY, JSON.stringify(db));
  notify();
}

/**
 * Re-seeds when the stored data is missing, from another schema, or dated another day of the
 * branch (its zone, kept: an owner's zone survives the daily re-seed).
 */
export function ensureFreshSeed(now: Date = new Date()): void {
  const existing = parse(sharedStorage().getItem(DB_KEY));
  if (!existing) saveDb(seedDb(now));
  else if (existing.seededOn !== localDate(now, existing.branch.timeZone)) {
    saveDb(seedDb(now, existing.branch.timeZone));
  }
}

/** "Reset demo data": every tab sees the seed again (in `timeZone`, default the browser's). */
export function resetDemoData(now: Date = new Date(), timeZone?: string): MockDb {
  const db = seedDb(now, timeZone);
  saveDb(db);
  return db;
}

// --- transactions -------------------------------------------------------------------------

type LockManagerLike = {
  request<T>(name: string, callback: () => Promise<T> | T): Promise<T>;
};

let localQueue: Promise<unknown> = Promise.resolve();

export function withLock<T>(work: () => T | Promise<T>): Promise<T> {
  // Web Locks serialize writers across tabs (two desks claiming one ticket in two tabs:
  // exactly one wins). Without them (Node, jsdom), one JS thread is already serial.
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (locks) return locks.request('glowdesk.mock.db', () => work());
  const run = localQueue.then(work, work) as Promise<T>;
  localQueue = run.catch(() => undefined);
  return run;
}

/**
 * Reads the current data, lets `change` mutate it, writes it back. `change` is synchronous;
 * if it throws (an ApiError, say) nothing is written.
 */
export function transaction<T>(change: (db: MockDb) => T): Promise<T> {
  return withLock(() => {
    const db = loadDb();
    const result = change(db);
    saveDb(db);
    return result;
  });
}

/** A read-only view of the current data. */
export function readDb<T>(read: (db: MockDb) => T): T {
  return read(loadDb());
}

// --- change notifications (this tab's writes and other tabs' via `storage` events) --------

type Listener = () => void;
const listeners = new Set<Listener>();
let watchingStorage = false;

function notify(): void {
  for (const listener of listeners) listener();
}

/** Called after any change of the data, in this tab or another. Returns an unsubscribe. */
export function onDbChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!watchingStorage && typeof window !== 'undefined') {
    watchingStorage = true;
    window.addEventListener('storage', (event) => {
      if (event.key === DB_KEY || event.key === null) notify();
    });
  }
  return () => listeners.delete(listener);
}
