import { z } from 'zod';
import { ClockTime, Id, IsoDate, Timestamp } from './ids';
import { Role } from './roles';
import { BOOKING_STATUSES } from './rules';
import { isTimeZone, WEEKDAYS } from './slots';

export const User = z.object({
  id: Id,
  name: z.string(),
  email: z.email(),
  role: Role,
  /** Set for role `staff`: the staff record this user works as. */
  staffId: Id.nullable(),
  branchId: Id,
});
export type User = z.infer<typeof User>;

export const Service = z.object({
  id: Id,
  name: z.string(),
  durationMin: z.number().int().positive(),
  priceCents: z.number().int().nonnegative(),
});
export type Service = z.infer<typeof Service>;

export const Staff = z.object({ id: Id, name: z.string(), userId: Id });
export type Staff = z.infer<typeof Staff>;

/** Opening hours of one weekday, on the 30-minute grid. */
export const DayHours = z
  .object({ open: ClockTime, close: ClockTime })
  .refine((h) => h.open < h.close, { message: 'opens before it closes', path: ['close'] });
export type DayHours = z.infer<typeof DayHours>;

/** A week of opening hours: `null` is a closed day. */
export const WeekHours = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, DayHours.nullable()])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodNullable<typeof DayHours>
  >,
);
export type WeekHours = z.infer<typeof WeekHours>;

export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'unknown IANA time zone');

/** Branch settings (docs/architecture.md §6): every "today", "now" and "open" uses `timeZone`. */
export const Branch = z.object({
  id: Id,
  name: z.string(),
  timeZone: TimeZone,
  /** BCP 47 tag: how dates, times and prices are shown. */
  locale: z.string().min(2).max(35),
  /** ISO 4217 code. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  hours: WeekHours,
  bookingHorizonDays: z.number().int().min(1).max(730),
});
export type Branch = z.infer<typeof Branch>;

/** A person the salon serves; a phone caller may have no account. */
export const Customer = z.object({
  id: Id,
  name: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
  hasAccount: z.boolean(),
});
export type Customer = z.infer<typeof Customer>;

/** One service of a booking, as booked (name, length and price at the time). */
export const BookingService = z.object({
  id: Id,
  name: z.string(),
  durationMin: z.number().int().positive(),
  priceCents: z.number().int().nonnegative(),
});
export type BookingService = z.infer<typeof BookingService>;

export const BookingSource = z.enum(['online', 'desk']);
export type BookingSource = z.infer<typeof BookingSource>;

export const BookingStatus = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof BookingStatus>;

export const Booking = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  /** Desk and the customer themselves: how to reach them. */
  customerPhone: z.string().optional(),
  customerEmail: z.string().optional(),
  /** 1–5 services in order; the booking's length is their sum, its price their total. */
  services: z.array(BookingService).min(1),
  /** The first service (kept for old clients). */
  serviceId: Id,
  serviceName: z.string(),
  priceCents: z.number().int().nonnegative(),
  staffId: Id.nullable(),
  staffName: z.string().nullable(),
  branchId: Id,
  date: IsoDate,
  time: ClockTime,
  durationMin: z.number().int().positive(),
  status: BookingStatus,
  /** The desk's decline or cancel reason. */
  statusReason: z.string().optional(),
  /** Its stylist went on leave and nobody took it yet (staffId is null). */
  needsStaff: z.boolean(),
  source: BookingSource,
  /** Grows by one with every change of the record itself (status, date/time, staff). */
  version: z.number().int().positive(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Booking = z.infer<typeof Booking>;

export const BookingNote = z.object({
  id: Id,
  bookingId: Id,
  authorId: Id,
  authorName: z.string(),
  text: z.string(),
  createdAt: Timestamp,
});
export type BookingNote = z.infer<typeof BookingNote>;

export const LeaveStatus = z.enum(['pending', 'approved', 'declined']);
export type LeaveStatus = z.infer<typeof LeaveStatus>;

export const LeaveRequest = z.object({
  id: Id,
  staffId: Id,
  staffName: z.string(),
  branchId: Id,
  from: IsoDate,
  to: IsoDate,
  reason: z.string(),
  status: LeaveStatus,
  decidedBy: Id.nullable(),
  /** Active bookings inside an approved range that the desk must reassign. */
  affectedBookingIds: z.array(Id),
  version: z.number().int().positive(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type LeaveRequest = z.infer<typeof LeaveRequest>;

export const TicketStatus = z.enum(['waiting', 'active', 'completed', 'cancelled']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Ticket = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  subject: z.string(),
  bookingId: Id.nullable(),
  status: TicketStatus,
  agentId: Id.nullable(),
  agentName: z.string().nullable(),
  /** 1-based place in the waiting queue; null once the ticket is no longer waiting. */
  queuePosition: z.number().int().positive().nullable(),
  version: z.number().int().positive(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** For the caller: messages from others since they last had the conversation open. */
  unreadCount: z.number().int().nonnegative().optional(),
  /** The newest message, for the list's preview. */
  lastMessage: z
    .object({ senderName: z.string(), preview: z.string(), timestamp: Timestamp })
    .optional(),
});
export type Ticket = z.infer<typeof Ticket>;

export const NotificationKind = z.enum([
  'booking.requested',
  'booking.confirmed',
  'booking.declined',
  'booking.cancelled',
  'booking.rescheduled',
  'booking.stylist_changed',
  'booking.services_changed',
  'staff.assigned',
  'staff.unassigned',
  'support.new_ticket',
  'support.reply',
  'leave.requested',
  'leave.decided',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** Something a person should know about while elsewhere in the app (docs/architecture.md §6). */
export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  /** The SPA route it opens, e.g. `/bookings/bk_…`. */
  link: z.string(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
export type Notification = z.infer<typeof Notification>;

/** Seed specification shape (docs/architecture.md §5). `sessionId` is the ticket id. */
export const ChatMessage = z.object({
  id: Id,
  sessionId: Id,
  senderId: Id,
  senderName: z.string(),
  senderRole: Role,
  content: z.string(),
  timestamp: Timestamp,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Presence member data on `session:{ticketId}:presence`; typing travels here, not as messages. */
export const PresenceData = z.object({
  userId: Id,
  name: z.string(),
  role: Role,
  joinedAt: Timestamp,
  typing: z.boolean(),
});
export type PresenceData = z.infer<typeof PresenceData>;

export const ScheduleSlotState = z.enum(['free', 'booked', 'off']);
export type ScheduleSlotState = z.infer<typeof ScheduleSlotState>;

export const ScheduleSlot = z.object({
  staffId: Id,
  time: ClockTime,
  state: ScheduleSlotState,
  /** The booking occupying this slot when `booked` (its first or a later 30-minute cell). */
  bookingId: Id.nullable(),
});
export type ScheduleSlot = z.infer<typeof ScheduleSlot>;

export const Schedule = z.object({
  date: IsoDate,
  /** The branch is closed that day: no cells. */
  closed: z.boolean(),
  opensAt: ClockTime,
  closesAt: ClockTime,
  staff: z.array(Staff.extend({ off: z.boolean() })),
  slots: z.array(ScheduleSlot),
  bookings: z.array(Booking),
});
export type Schedule = z.infer<typeof Schedule>;

export const AvailableTime = z.object({ time: ClockTime, staffIds: z.array(Id) });
export type AvailableTime = z.infer<typeof AvailableTime>;

/** A booking approving a leave would strand, with the stylists free to take it. */
export const LeaveImpact = z.object({
  bookings: z.array(z.object({ booking: Booking, freeStaffIds: z.array(Id) })),
});
export type LeaveImpact = z.infer<typeof LeaveImpact>;
