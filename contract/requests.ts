import { z } from 'zod';
import { BookingStatus, TicketStatus } from './entities';
import { ClockTime, Id, IsoDate } from './ids';
import { MAX_LEAVE_DAYS, MAX_MESSAGE_CHARS } from './limits';
import { addDays } from './slots';

// Request bodies and queries for DESIGN §7. Objects are strict: an unknown field is a 400,
// so a typo in a client never silently does nothing.

const text = (max: number) => z.string().trim().min(1).max(max);

export const LoginBody = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RegisterBody = z.strictObject({
  name: text(100),
  email: z.email().max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const AvailabilityQuery = z.strictObject({
  date: IsoDate,
  serviceId: Id,
  staffId: Id.optional(),
});
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;

export const BookingsQuery = z.strictObject({
  status: BookingStatus.optional(),
  date: IsoDate.optional(),
});
export type BookingsQuery = z.infer<typeof BookingsQuery>;

export const CreateBookingBody = z.strictObject({
  serviceId: Id,
  date: IsoDate,
  time: ClockTime,
  staffId: Id.optional(),
  note: text(1000).optional(),
  /** Desk walk-ins only: the customer the booking is for. */
  customerId: Id.optional(),
});
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

const reason = text(500).optional();

export const BookingAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), staffId: Id.optional() }),
  z.strictObject({ action: z.literal('decline'), reason }),
  z.strictObject({ action: z.literal('cancel'), reason }),
  z.strictObject({ action: z.literal('complete') }),
  z.strictObject({ action: z.literal('no_show') }),
  z.strictObject({ action: z.literal('reschedule'), date: IsoDate, time: ClockTime }),
  z.strictObject({ action: z.literal('assign'), staffId: Id }),
]);
export type BookingAction = z.infer<typeof BookingAction>;
export type BookingActionName = BookingAction['action'];

export const AddNoteBody = z.strictObject({ text: text(2000) });
export type AddNoteBody = z.infer<typeof AddNoteBody>;

export const ScheduleQuery = z.strictObject({ date: IsoDate });
export type ScheduleQuery = z.infer<typeof ScheduleQuery>;

export const LeaveRequestBody = z
  .strictObject({ from: IsoDate, to: IsoDate, reason: text(500) })
  .refine((body) => body.from <= body.to, {
    message: '`from` must not be after `to`',
    path: ['to'],
  })
  .refine((body) => body.to <= addDays(body.from, MAX_LEAVE_DAYS - 1), {
    message: `leave is at most ${MAX_LEAVE_DAYS} days long`,
    path: ['to'],
  });
export type LeaveRequestBody = z.infer<typeof LeaveRequestBody>;

export const LeaveDecisionBody = z.strictObject({ action: z.enum(['approve', 'decline']) });
export type LeaveDecisionBody = z.infer<typeof LeaveDecisionBody>;

export const TicketsQuery = z.strictObject({ status: TicketStatus.optional() });
export type TicketsQuery = z.infer<typeof TicketsQuery>;

export const CreateTicketBody = z.strictObject({
  subject: text(200),
  message: text(4000),
  bookingId: Id.optional(),
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

export const MessagesQuery = z.strictObject({
  /** Message id: return messages older than this one. */
  before: Id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MessagesQuery = z.infer<typeof MessagesQuery>;

export const PostMessageBody = z.strictObject({ content: text(MAX_MESSAGE_CHARS) });
export type PostMessageBody = z.infer<typeof PostMessageBody>;

export const IdParams = z.strictObject({ id: Id });
