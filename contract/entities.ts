import { z } from 'zod';
import { ClockTime, Id, IsoDate, Timestamp } from './ids';
import { Role } from './roles';
import { BOOKING_STATUSES } from './rules';

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

export const BookingStatus = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof BookingStatus>;

export const Booking = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  serviceId: Id,
  serviceName: z.string(),
  staffId: Id.nullable(),
  staffName: z.string().nullable(),
  branchId: Id,
  date: IsoDate,
  time: ClockTime,
  durationMin: z.number().int().positive(),
  status: BookingStatus,
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
});
export type Ticket = z.infer<typeof Ticket>;

/** Seed specification shape (DESIGN §5). `sessionId` is the ticket id. */
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
  opensAt: ClockTime,
  closesAt: ClockTime,
  staff: z.array(Staff.extend({ off: z.boolean() })),
  slots: z.array(ScheduleSlot),
  bookings: z.array(Booking),
});
export type Schedule = z.infer<typeof Schedule>;

export const AvailableTime = z.object({ time: ClockTime, staffIds: z.array(Id) });
export type AvailableTime = z.infer<typeof AvailableTime>;
