import { z } from 'zod';
import {
  Booking,
  BookingNote,
  BookingStatus,
  ChatMessage,
  LeaveRequest,
  Notification,
  Ticket,
  TicketStatus,
} from './entities';
import { ClockTime, Id, IsoDate, Timestamp } from './ids';

// Event names and payload schemas (docs/architecture.md §5). Every booking event carries the full booking
// after the change and its version, so a client patches its cache without a refetch.

export const EventName = {
  // customer:{userId}:bookings, admin:bookings:{branchId}
  bookingCreated: 'booking.created',
  bookingNew: 'booking.new',
  bookingStatusChanged: 'booking.status_changed',
  bookingRescheduled: 'booking.rescheduled',
  bookingCancelled: 'booking.cancelled',
  bookingStaffAssigned: 'booking.staff_assigned',
  bookingNoShow: 'booking.no_show',
  /** customer:{u}:bookings, booking:{id}, admin:bookings:{branch} (and the stylist's day). */
  bookingServicesChanged: 'booking.services_changed',
  // booking:{bookingId}
  statusChanged: 'status.changed',
  noteAdded: 'note.added',
  // admin:schedule:{date}
  slotBooked: 'slot.booked',
  slotReleased: 'slot.released',
  staffOff: 'staff.off',
  // admin:leave:{branchId}
  leaveRequested: 'leave.requested',
  leaveDecided: 'leave.decided',
  // staff:{staffId}:schedule
  bookingAssigned: 'booking.assigned',
  bookingUnassigned: 'booking.unassigned',
  leaveApproved: 'leave.approved',
  leaveDeclined: 'leave.declined',
  // session:{ticketId}:chat
  chatMessage: 'chat:message',
  sessionStatus: 'session:status',
  // queue:updates
  queueUpdate: 'queue:update',
  queueClaimed: 'queue:claimed',
  // user:{userId}:notifications
  notificationNew: 'notification.new',
  notificationRead: 'notification.read',
} as const;
export type EventName = (typeof EventName)[keyof typeof EventName];

const bookingEvent = { bookingId: Id, version: z.number().int().positive(), booking: Booking };

export const BookingSnapshotEvent = z.object(bookingEvent);
export type BookingSnapshotEvent = z.infer<typeof BookingSnapshotEvent>;

export const BookingStatusChangedEvent = z.object({
  ...bookingEvent,
  fromStatus: BookingStatus,
  toStatus: BookingStatus,
  reason: z.string().optional(),
});
export type BookingStatusChangedEvent = z.infer<typeof BookingStatusChangedEvent>;

export const BookingRescheduledEvent = z.object({
  ...bookingEvent,
  from: z.object({ date: IsoDate, time: ClockTime }),
});
export type BookingRescheduledEvent = z.infer<typeof BookingRescheduledEvent>;

export const BookingStaffAssignedEvent = z.object({
  ...bookingEvent,
  fromStaffId: Id.nullable(),
});
export type BookingStaffAssignedEvent = z.infer<typeof BookingStaffAssignedEvent>;

export const BookingServicesChangedEvent = z.object({
  ...bookingEvent,
  fromServiceIds: z.array(Id),
  fromDurationMin: z.number().int().positive(),
});
export type BookingServicesChangedEvent = z.infer<typeof BookingServicesChangedEvent>;

export const NoteAddedEvent = z.object({ bookingId: Id, note: BookingNote });
export type NoteAddedEvent = z.infer<typeof NoteAddedEvent>;

export const SlotEvent = z.object({
  date: IsoDate,
  staffId: Id,
  time: ClockTime,
  durationMin: z.number().int().positive(),
  bookingId: Id,
  version: z.number().int().positive(),
  booking: Booking,
});
export type SlotEvent = z.infer<typeof SlotEvent>;

export const StaffOffEvent = z.object({
  date: IsoDate,
  staffId: Id,
  leaveId: Id,
  affectedBookingIds: z.array(Id),
});
export type StaffOffEvent = z.infer<typeof StaffOffEvent>;

export const LeaveEvent = z.object({
  leaveId: Id,
  version: z.number().int().positive(),
  leave: LeaveRequest,
});
export type LeaveEvent = z.infer<typeof LeaveEvent>;

export const QueueUpdate = z.object({
  ticketId: Id,
  action: z.enum(['created', 'claimed', 'completed', 'cancelled']),
  timestamp: Timestamp,
});
export type QueueUpdate = z.infer<typeof QueueUpdate>;

export const SessionStatusEvent = z.object({
  ticketId: Id,
  status: TicketStatus,
  version: z.number().int().positive(),
  ticket: Ticket,
});
export type SessionStatusEvent = z.infer<typeof SessionStatusEvent>;

export const NotificationNewEvent = z.object({
  notification: Notification,
  /** The person's unread count after this one. */
  unread: z.number().int().nonnegative(),
});
export type NotificationNewEvent = z.infer<typeof NotificationNewEvent>;

export const NotificationReadEvent = z.object({
  /** Marked read (every one when the person chose "mark all read"). */
  ids: z.array(Id),
  unread: z.number().int().nonnegative(),
});
export type NotificationReadEvent = z.infer<typeof NotificationReadEvent>;

/** Payload schema for each event name; subscribers parse with `parseEvent`. */
export const eventSchemas = {
  [EventName.bookingCreated]: BookingSnapshotEvent,
  [EventName.bookingNew]: BookingSnapshotEvent,
  [EventName.bookingStatusChanged]: BookingStatusChangedEvent,
  [EventName.bookingRescheduled]: BookingRescheduledEvent,
  [EventName.bookingCancelled]: BookingStatusChangedEvent,
  [EventName.bookingStaffAssigned]: BookingStaffAssignedEvent,
  [EventName.bookingNoShow]: BookingStatusChangedEvent,
  [EventName.bookingServicesChanged]: BookingServicesChangedEvent,
  [EventName.statusChanged]: BookingStatusChangedEvent,
  [EventName.noteAdded]: NoteAddedEvent,
  [EventName.slotBooked]: SlotEvent,
  [EventName.slotReleased]: SlotEvent,
  [EventName.staffOff]: StaffOffEvent,
  [EventName.leaveRequested]: LeaveEvent,
  [EventName.leaveDecided]: LeaveEvent,
  [EventName.bookingAssigned]: BookingSnapshotEvent,
  [EventName.bookingUnassigned]: BookingSnapshotEvent,
  [EventName.leaveApproved]: LeaveEvent,
  [EventName.leaveDeclined]: LeaveEvent,
  [EventName.chatMessage]: ChatMessage,
  [EventName.sessionStatus]: SessionStatusEvent,
  [EventName.queueUpdate]: QueueUpdate,
  [EventName.queueClaimed]: QueueUpdate,
  [EventName.notificationNew]: NotificationNewEvent,
  [EventName.notificationRead]: NotificationReadEvent,
} as const satisfies Record<EventName, z.ZodType>;

export type EventData<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;

/** Validates an incoming event; returns null for unknown names or malformed data. */
export function parseEvent<N extends EventName>(name: N, data: unknown): EventData<N> | null;
export function parseEvent(name: string, data: unknown): unknown | null;
export function parseEvent(name: string, data: unknown): unknown | null {
  const schema = (eventSchemas as Record<string, z.ZodType>)[name];
  if (!schema) return null;
  const result = schema.safeParse(data);
  return result.success ? result.data : null;
}

/** Events that change a booking's version: every one is heard on the channels that track it. */
export function bookingFromEvent(data: unknown): Booking | null {
  const parsed = BookingSnapshotEvent.safeParse(data);
  return parsed.success ? parsed.data.booking : null;
}
