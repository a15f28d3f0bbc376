// The product's limits (docs/architecture.md §6), in one place: the domain enforces them, the
// SPA shows them (counters, disabled buttons), the planner relies on them to stay bounded.

/** A leave request covers at most this many days… */
export const MAX_LEAVE_DAYS = 60;
/** …and starts at most this many days ahead. */
export const LEAVE_HORIZON_DAYS = 365;
/** A customer holds at most this many pending bookings at once. */
export const MAX_PENDING_BOOKINGS = 5;
/** A customer has at most this many open (waiting or active) tickets. */
export const MAX_OPEN_TICKETS = 3;
/** Chat: at most this many messages per person in any window of CHAT_WINDOW_S seconds. */
export const CHAT_BURST = 10;
export const CHAT_WINDOW_S = 10;
/** Longest chat message, in characters (the composer counts down to it). */
export const MAX_MESSAGE_CHARS = 4000;
/** A booking holds 1 to this many services. */
export const MAX_BOOKING_SERVICES = 5;
/** Default booking horizon of a new branch (days ahead a booking may be made). */
export const DEFAULT_BOOKING_HORIZON_DAYS = 90;
