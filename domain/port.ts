import type {
  Booking,
  BookingNote,
  BookingService,
  BookingSource,
  BookingStatus,
  Branch,
  ChatMessage,
  CommittedMutation,
  Customer,
  LeaveRequest,
  LeaveStatus,
  MessagesPage,
  Notification,
  NotificationKind,
  Publish,
  Service,
  Staff,
  Ticket,
  TicketStatus,
  User,
} from '../contract';

// The store port: everything the domain reads or writes, and nothing about how. api/
// implements it on SQL inside a transaction; web/src/mocks implements it on the browser store.
// Every method returns a Promise so a networked database (PostgreSQL) can implement it
// unchanged (ADR 0080). Lists come back in the order each method documents; the domain
// contract suite (domain/test/) holds both stores to it.

export type { Branch };

/** Branch settings a change may set (docs/architecture.md §6). */
export type BranchChange = Partial<Omit<Branch, 'id'>>;

export interface NewCustomer {
  id: string;
  branchId: string;
  name: string;
  phone?: string;
  email?: string;
  createdAt: string;
}

export interface StaffMember extends Staff {
  branchId: string;
}

export interface BookingFilter {
  branchId?: string;
  customerId?: string;
  staffId?: string;
  status?: BookingStatus;
  /** Only bookings that hold their stylist's time (pending or confirmed). */
  activeOnly?: boolean;
  /** Only bookings flagged "needs a stylist". */
  needsStaff?: boolean;
  /** One day, or an inclusive range of days. */
  date?: string;
  from?: string;
  to?: string;
}

export interface NewBooking {
  id: string;
  customerId: string;
  /** The first of `services` (old column, old clients). */
  serviceId: string;
  /** 1–5, in order, as booked (name, length, price now). */
  services?: BookingService[];
  staffId: string;
  branchId: string;
  date: string;
  time: string;
  /** The sum of the services' lengths. */
  durationMin: number;
  status: BookingStatus;
  /** Default `online`. */
  source?: BookingSource;
  createdAt: string;
}

export interface BookingChange {
  status?: BookingStatus;
  /** A stylist; `null` takes the stylist off (the booking then needs one: `needsStaff`). */
  staffId?: string | null;
  date?: string;
  time?: string;
  /** Replaces the services; `durationMin` must come with it (their sum). */
  services?: BookingService[];
  durationMin?: number;
  /** Set when the stylist is taken off by approved leave; cleared by any later assignment. */
  needsStaff?: boolean;
  /** Stored with a status change (the desk's decline or cancel reason); cleared otherwise. */
  reason?: string | null;
}

export interface LeaveFilter {
  branchId?: string;
  staffId?: string;
  statuses?: readonly LeaveStatus[];
  /** Only leave that overlaps these days (inclusive). */
  overlapping?: { from: string; to: string };
}

export interface NewLeave {
  id: string;
  staffId: string;
  branchId: string;
  from: string;
  to: string;
  reason: string;
  createdAt: string;
}

export interface LeaveDecision {
  status: 'approved' | 'declined';
  decidedBy: string;
  affectedBookingIds: string[];
}

export interface NewTicket {
  id: string;
  customerId: string;
  subject: string;
  bookingId: string | null;
  createdAt: string;
}

export interface NewMessage {
  id: string;
  ticketId: string;
  senderId: string;
  content: string;
  createdAt: string;
}

export interface NewNote {
  id: string;
  bookingId: string;
  authorId: string;
  text: string;
  createdAt: string;
}

export interface NewNotification {
  id: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string;
  createdAt: string;
}

/** One transaction's view of the data. Entities come back whole (names joined in). */
export interface StoreTx {
  catalog: {
    branch(id: string): Promise<Branch | null>;
    /** Applies the given settings; null for an unknown branch. */
    updateBranch(id: string, change: BranchChange): Promise<Branch | null>;
    /** In display order. */
    services(): Promise<Service[]>;
    service(id: string): Promise<Service | null>;
    /** A branch's stylists in display order (the first free one is offered first). */
    staff(branchId: string): Promise<StaffMember[]>;
    staffMember(id: string): Promise<StaffMember | null>;
  };
  users: {
    get(id: string): Promise<User | null>;
    /** The desk of a branch: receptionists, managers, owners. */
    desk(branchId: string): Promise<User[]>;
  };
  /** Customers of a branch: accounts (role customer) and people without one. */
  customers: {
    get(id: string): Promise<Customer | null>;
    /**
     * Customers whose name, phone or email contains `q` (case-insensitive; phone digits
     * match ignoring spaces and punctuation), by name, at most `limit`. Empty `q`: the first
     * `limit` by name.
     */
    search(branchId: string, q: string, limit: number): Promise<Customer[]>;
    /** A customer without an account (they cannot sign in). */
    insert(customer: NewCustomer): Promise<Customer>;
    /** Whether a phone (digits compared) or an email is already a customer of the branch. */
    findByContact(
      branchId: string,
      contact: { phone?: string; email?: string },
    ): Promise<Customer | null>;
  };
  bookings: {
    get(id: string): Promise<Booking | null>;
    /** Ordered by date, time, then creation. */
    list(filter: BookingFilter): Promise<Booking[]>;
    /** Ids of active bookings, newest first, at most `limit`. */
    activeIds(by: { customerId: string } | { staffId: string }, limit: number): Promise<string[]>;
    insert(booking: NewBooking): Promise<Booking>;
    /**
     * Applies `change` if the booking is still at `expectedVersion`, bumping the version and
     * `updatedAt`. Null when someone changed it first.
     */
    update(
      id: string,
      expectedVersion: number,
      change: BookingChange,
      at: string,
    ): Promise<Booking | null>;
  };
  notes: {
    /** Oldest first. */
    list(bookingId: string): Promise<BookingNote[]>;
    insert(note: NewNote): Promise<BookingNote>;
  };
  leave: {
    get(id: string): Promise<LeaveRequest | null>;
    /** Latest start first. */
    list(filter: LeaveFilter): Promise<LeaveRequest[]>;
    insert(leave: NewLeave): Promise<LeaveRequest>;
    /** Decides a pending request; null when it was no longer pending. */
    decide(id: string, decision: LeaveDecision, at: string): Promise<LeaveRequest | null>;
  };
  tickets: {
    /** With `queuePosition`: 1-based rank among waiting tickets, oldest first. */
    get(id: string): Promise<Ticket | null>;
    /** Newest first (a later insert first on equal times). */
    list(filter: { customerId?: string; statuses?: readonly TicketStatus[] }): Promise<Ticket[]>;
    insert(ticket: NewTicket): Promise<Ticket>;
    /** Moves a ticket from `from` to `to` (setting the agent when given); null if not in `from`. */
    transition(
      id: string,
      change: { from: TicketStatus; to: TicketStatus; agentId?: string },
      at: string,
    ): Promise<Ticket | null>;
  };
  messages: {
    /**
     * The `limit` newest messages older than `before` (a message id), oldest first, and
     * whether older ones remain. Null when `before` is not a message of this ticket.
     */
    page(ticketId: string, before: string | undefined, limit: number): Promise<MessagesPage | null>;
    insert(message: NewMessage): Promise<ChatMessage>;
    /** Timestamps of `senderId`'s messages sent at or after `since`, oldest first. */
    sentSince(senderId: string, since: string): Promise<string[]>;
  };
  notifications: {
    /** Stores one; answers it with its person's unread count after it. */
    add(n: NewNotification): Promise<{ notification: Notification; unread: number }>;
    /** A person's newest first. */
    list(userId: string, limit: number): Promise<Notification[]>;
    unread(userId: string): Promise<number>;
    /** Marks read (all of the person's when `ids` is 'all'); answers the ids that changed. */
    markRead(userId: string, ids: readonly string[] | 'all', at: string): Promise<string[]>;
  };
  /** How far each person has read each support conversation. */
  ticketReads: {
    /** Up to the conversation's newest message. */
    markRead(ticketId: string, userId: string): Promise<void>;
    /** Per ticket: messages from others after what `userId` last read. */
    unreadCounts(userId: string, ticketIds: readonly string[]): Promise<Record<string, number>>;
    /** Per ticket: its newest message. */
    lastMessages(ticketIds: readonly string[]): Promise<Record<string, ChatMessage>>;
  };
  outbox: {
    /**
     * Stores what the change publishes, in this transaction: a store delivers it after commit
     * (the API's publisher drains a durable table; mock mode hands it to its in-page broker).
     */
    add(publishes: readonly Publish[]): Promise<void>;
  };
}

export interface Store {
  /** A consistent read: never sees another caller's uncommitted writes. */
  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one serializable write transaction: all of it is stored, or (when it
   * throws) none. `work` may be run again after a serialization failure, so it must do
   * nothing outside `tx` — it returns what to publish instead of publishing.
   */
  write<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
}

export type IdPrefix = 'bk' | 'tk' | 'msg' | 'nt' | 'lv' | 'u' | 'cu' | 'nf';

/** What every domain operation is given: the store, a clock and an id source. */
export interface DomainContext {
  store: Store;
  now(): Date;
  newId(prefix: IdPrefix): string;
}

/** A mutation's answer: the value for the response and what to publish after commit. */
export interface Outcome<T> {
  result: T;
  mutations: CommittedMutation[];
}
