import { channels } from './channels';
import type { Booking, BookingNote, ChatMessage, LeaveRequest, Ticket } from './entities';
import { type EventData, EventName } from './events';
import { MAX_LEAVE_DAYS } from './limits';
import { addDays, datesBetween } from './slots';

// One pure function maps a committed mutation to the messages the server publishes
// (docs/architecture.md §5). The API, the mocks and the tests all use it; nothing else decides fan-out.

/** No change ever fans out to more messages than this (the planner's tests hold it). */
export const MAX_PUBLISHES_PER_CHANGE = 120;

export type Publish = {
  [N in EventName]: { channel: string; name: N; data: EventData<N> };
}[EventName];

export type CommittedMutation =
  | { kind: 'booking.created'; booking: Booking }
  | {
      kind: 'booking.status';
      action: 'approve' | 'decline' | 'cancel' | 'complete' | 'no_show';
      before: Booking;
      after: Booking;
      reason?: string;
    }
  | { kind: 'booking.rescheduled'; before: Booking; after: Booking }
  /** A new stylist, or none (`after.needsStaff`: their stylist went on leave). */
  | { kind: 'booking.assigned'; before: Booking; after: Booking }
  /** The desk changed the services (and so maybe the length) of a live booking. */
  | { kind: 'booking.services'; before: Booking; after: Booking }
  | { kind: 'note.added'; booking: Booking; note: BookingNote }
  | { kind: 'leave.requested'; leave: LeaveRequest }
  | { kind: 'leave.decided'; leave: LeaveRequest }
  | { kind: 'ticket.created'; ticket: Ticket; at: string }
  | { kind: 'ticket.claimed'; ticket: Ticket; at: string }
  | { kind: 'ticket.completed'; ticket: Ticket; at: string }
  | { kind: 'ticket.cancelled'; ticket: Ticket; at: string }
  | { kind: 'chat.message'; message: ChatMessage }
  | { kind: 'notifications.read'; userId: string; ids: string[]; unread: number };

const msg = <N extends EventName>(channel: string, name: N, data: EventData<N>): Publish =>
  ({ channel, name, data }) as Publish;

function snapshot(booking: Booking) {
  return { bookingId: booking.id, version: booking.version, booking };
}

function slot(booking: Booking, at: Booking = booking) {
  // `at` says where the slot is (an old position when releasing after a move).
  return {
    date: at.date,
    staffId: at.staffId ?? '',
    time: at.time,
    durationMin: at.durationMin,
    bookingId: booking.id,
    version: booking.version,
    booking,
  };
}

/** A booking occupies its cell on the desk's grid unless it was declined or cancelled. */
const holdsSlot = (b: Booking) =>
  b.staffId !== null && b.status !== 'declined' && b.status !== 'cancelled';
/** Stylists see a booking on their day once confirmed, and keep seeing it when it is done. */
const onStaffDay = (b: Booking) =>
  b.staffId !== null &&
  (b.status === 'confirmed' || b.status === 'completed' || b.status === 'no_show');
const samePlace = (a: Booking, b: Booking) =>
  a.staffId === b.staffId &&
  a.date === b.date &&
  a.time === b.time &&
  a.durationMin === b.durationMin;

/** admin:schedule: release the old cell when the booking leaves it, (re)book where it now is. */
function scheduleChanges(before: Booking | null, after: Booking): Publish[] {
  const out: Publish[] = [];
  if (before && holdsSlot(before) && (!holdsSlot(after) || !samePlace(before, after))) {
    out.push(msg(channels.adminSchedule(before.date), EventName.slotReleased, slot(after, before)));
  }
  if (holdsSlot(after))
    out.push(msg(channels.adminSchedule(after.date), EventName.slotBooked, slot(after)));
  return out;
}

/** staff:{id}:schedule: a booking arrives on, leaves, or moves within a stylist's day. */
function staffDayChanges(before: Booking | null, after: Booking, rescheduled?: Publish): Publish[] {
  const wasOnDayOf = before && onStaffDay(before) ? before.staffId : null;
  const wasOn = wasOnDayOf !== null;
  const isOn = onStaffDay(after);
  const sameStaff = wasOnDayOf === after.staffId;
  const out: Publish[] = [];
  if (wasOnDayOf && (!isOn || !sameStaff)) {
    out.push(msg(channels.staffSchedule(wasOnDayOf), EventName.bookingUnassigned, snapshot(after)));
  }
  if (isOn && (!wasOn || !sameStaff)) {
    out.push(
      msg(channels.staffSchedule(after.staffId!), EventName.bookingAssigned, snapshot(after)),
    );
  } else if (isOn && rescheduled) {
    out.push(rescheduled);
  }
  return out;
}

export function planPublishes(mutation: CommittedMutation): Publish[] {
  switch (mutation.kind) {
    case 'notifications.read':
      // Every tab and device of the person drops the badge together.
      return [
        msg(channels.userNotifications(mutation.userId), EventName.notificationRead, {
          ids: mutation.ids,
          unread: mutation.unread,
        }),
      ];

    case 'booking.created': {
      const b = mutation.booking;
      const out = [
        msg(channels.customerBookings(b.customerId), EventName.bookingCreated, snapshot(b)),
        msg(channels.adminBookings(b.branchId), EventName.bookingNew, snapshot(b)),
      ];
      return [...out, ...scheduleChanges(null, b), ...staffDayChanges(null, b)];
    }

    case 'booking.status': {
      const { before, after, action } = mutation;
      const change = {
        ...snapshot(after),
        fromStatus: before.status,
        toStatus: after.status,
        ...(mutation.reason ? { reason: mutation.reason } : {}),
      };
      const customerEvent =
        action === 'cancel' ? EventName.bookingCancelled : EventName.bookingStatusChanged;
      const adminEvent =
        action === 'cancel'
          ? EventName.bookingCancelled
          : action === 'no_show'
            ? EventName.bookingNoShow
            : EventName.bookingStatusChanged;
      const out = [
        msg(channels.customerBookings(after.customerId), customerEvent, change),
        msg(channels.booking(after.id), EventName.statusChanged, change),
        msg(channels.adminBookings(after.branchId), adminEvent, change),
      ];
      return [...out, ...staffDayChanges(before, after), ...scheduleChanges(before, after)];
    }

    case 'booking.rescheduled': {
      const { before, after } = mutation;
      const change = { ...snapshot(after), from: { date: before.date, time: before.time } };
      const out = [
        msg(channels.customerBookings(after.customerId), EventName.bookingRescheduled, change),
        msg(channels.booking(after.id), EventName.bookingRescheduled, change),
        msg(channels.adminBookings(after.branchId), EventName.bookingRescheduled, change),
      ];
      const toStaff = after.staffId
        ? msg(channels.staffSchedule(after.staffId), EventName.bookingRescheduled, change)
        : undefined;
      return [
        ...out,
        ...scheduleChanges(before, after),
        ...staffDayChanges(before, after, toStaff),
      ];
    }

    case 'booking.assigned': {
      const { before, after } = mutation;
      const change = { ...snapshot(after), fromStaffId: before.staffId };
      const out = [
        msg(channels.customerBookings(after.customerId), EventName.bookingStaffAssigned, change),
        msg(channels.booking(after.id), EventName.bookingStaffAssigned, change),
        // Not in the docs/architecture.md §5 table: the desk's list must hear every version (ADR 0005).
        msg(channels.adminBookings(after.branchId), EventName.bookingStaffAssigned, change),
      ];
      return [...out, ...scheduleChanges(before, after), ...staffDayChanges(before, after)];
    }

    case 'booking.services': {
      const { before, after } = mutation;
      const change = {
        ...snapshot(after),
        fromServiceIds: before.services.map((s) => s.id),
        fromDurationMin: before.durationMin,
      };
      const name = EventName.bookingServicesChanged;
      const out = [
        msg(channels.customerBookings(after.customerId), name, change),
        msg(channels.booking(after.id), name, change),
        msg(channels.adminBookings(after.branchId), name, change),
      ];
      const toStaff =
        after.staffId && onStaffDay(after)
          ? msg(channels.staffSchedule(after.staffId), name, change)
          : undefined;
      return [...out, ...scheduleChanges(before, after), ...(toStaff ? [toStaff] : [])];
    }

    case 'note.added':
      return [
        msg(channels.booking(mutation.booking.id), EventName.noteAdded, {
          bookingId: mutation.booking.id,
          note: mutation.note,
        }),
      ];

    case 'leave.requested': {
      const l = mutation.leave;
      return [msg(channels.adminLeave(l.branchId), EventName.leaveRequested, leaveEvent(l))];
    }

    case 'leave.decided': {
      const l = mutation.leave;
      const approved = l.status === 'approved';
      const out = [
        msg(channels.adminLeave(l.branchId), EventName.leaveDecided, leaveEvent(l)),
        msg(
          channels.staffSchedule(l.staffId),
          approved ? EventName.leaveApproved : EventName.leaveDeclined,
          leaveEvent(l),
        ),
      ];
      if (approved) {
        // Bounded whatever is stored: a leave is at most MAX_LEAVE_DAYS long (contract/limits).
        const last = addDays(l.from, MAX_LEAVE_DAYS - 1);
        // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings, not numbers
        const until = l.to < last ? l.to : last;
        for (const date of datesBetween(l.from, until)) {
          out.push(
            msg(channels.adminSchedule(date), EventName.staffOff, {
              date,
              staffId: l.staffId,
              leaveId: l.id,
              affectedBookingIds: l.affectedBookingIds,
            }),
          );
        }
      }
      return out;
    }

    case 'ticket.created':
      return [queue(mutation.ticket, 'created', mutation.at)];

    case 'ticket.claimed':
      return [
        msg(channels.queueUpdates(), EventName.queueClaimed, {
          ticketId: mutation.ticket.id,
          action: 'claimed',
          timestamp: mutation.at,
        }),
        sessionStatus(mutation.ticket),
      ];

    case 'ticket.completed':
      return [queue(mutation.ticket, 'completed', mutation.at), sessionStatus(mutation.ticket)];

    case 'ticket.cancelled':
      return [queue(mutation.ticket, 'cancelled', mutation.at), sessionStatus(mutation.ticket)];

    case 'chat.message':
      return [
        msg(
          channels.sessionChat(mutation.message.sessionId),
          EventName.chatMessage,
          mutation.message,
        ),
      ];
  }
}

function leaveEvent(leave: LeaveRequest) {
  return { leaveId: leave.id, version: leave.version, leave };
}

function queue(ticket: Ticket, action: 'created' | 'completed' | 'cancelled', at: string): Publish {
  // Customers hear the queue too, so it carries ids only, never another customer's words.
  return msg(channels.queueUpdates(), EventName.queueUpdate, {
    ticketId: ticket.id,
    action,
    timestamp: at,
  });
}

function sessionStatus(ticket: Ticket): Publish {
  return msg(channels.sessionChat(ticket.id), EventName.sessionStatus, {
    ticketId: ticket.id,
    status: ticket.status,
    version: ticket.version,
    ticket,
  });
}
