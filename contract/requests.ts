import { z } from 'zod';
import { BookingStatus, Branch, TicketStatus } from './entities';
import { ClockTime, Id, IsoDate } from './ids';
import { MAX_BOOKING_SERVICES, MAX_LEAVE_DAYS, MAX_MESSAGE_CHARS } from './limits';
import { addDays } from './slots';

// Request bodies and queries for docs/architecture.md §7. Objects are strict: an unknown field is a 400,
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

/** 1–5 service ids, in order. */
export const ServiceIds = z.array(Id).min(1).max(MAX_BOOKING_SERVICES);

/** `serviceIds` as a comma list (`serviceIds=sv_cut,sv_blowdry`) or one `serviceId`. */
const serviceIdsInQuery = z
  .string()
  .transform((v) => v.split(',').filter(Boolean))
  .pipe(ServiceIds);

export const AvailabilityQuery = z
  .strictObject({
    date: IsoDate,
    serviceId: Id.optional(),
    serviceIds: serviceIdsInQuery.optional(),
    staffId: Id.optional(),
  })
  .refine((q) => q.serviceId || q.serviceIds, {
    message: 'serviceId or serviceIds is required',
    path: ['serviceIds'],
  });
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;

/** The services a body or query names, in order (`serviceIds` wins over `serviceId`). */
export function serviceIdsOf(q: {
  serviceId?: string | undefined;
  serviceIds?: string[] | undefined;
}) {
  return q.serviceIds ?? (q.serviceId ? [q.serviceId] : []);
}

export const BookingsQuery = z.strictObject({
  status: BookingStatus.optional(),
  date: IsoDate.optional(),
  /** `true`: only active bookings that need a stylist (their stylist went on leave). */
  needsStaff: z.enum(['true']).optional(),
});
export type BookingsQuery = z.infer<typeof BookingsQuery>;

export const CreateBookingBody = z
  .strictObject({
    serviceIds: ServiceIds.optional(),
    /** Old clients: one service. */
    serviceId: Id.optional(),
    date: IsoDate,
    time: ClockTime,
    staffId: Id.optional(),
    note: text(1000).optional(),
    /** Desk bookings only: the customer the booking is for. */
    customerId: Id.optional(),
  })
  .refine((b) => b.serviceIds || b.serviceId, {
    message: 'serviceIds is required',
    path: ['serviceIds'],
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
  z.strictObject({ action: z.literal('set_services'), serviceIds: ServiceIds }),
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

export const LeaveDecisionBody = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('approve'),
    /** Stranded bookings to hand to another stylist in the same transaction. */
    reassign: z
      .array(z.strictObject({ bookingId: Id, staffId: Id }))
      .max(1000)
      .optional(),
  }),
  z.strictObject({ action: z.literal('decline'), reason }),
]);
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

export const UpdateBranchBody = z
  .strictObject({
    name: text(100).optional(),
    timeZone: Branch.shape.timeZone.optional(),
    locale: Branch.shape.locale
      .refine((tag) => {
        try {
          return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
        } catch {
          return false;
        }
      }, 'unknown locale')
      .optional(),
    currency: Branch.shape.currency.optional(),
    hours: Branch.shape.hours.optional(),
    bookingHorizonDays: Branch.shape.bookingHorizonDays.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateBranchBody = z.infer<typeof UpdateBranchBody>;

export const CustomersQuery = z.strictObject({ q: z.string().trim().max(100).default('') });
export type CustomersQuery = z.infer<typeof CustomersQuery>;

const phone = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^\+?[0-9 ()./-]+$/, 'digits, spaces and + ( ) - . / only');

export const CreateCustomerBody = z
  .strictObject({
    name: text(100),
    phone: phone.optional(),
    email: z.email().max(254).optional(),
  })
  .refine((c) => c.phone || c.email, {
    message: 'a phone number or an email is required',
    path: ['phone'],
  });
export type CreateCustomerBody = z.infer<typeof CreateCustomerBody>;

export const MarkNotificationsReadBody = z.union([
  z.strictObject({ ids: z.array(Id).min(1).max(200) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBody>;
