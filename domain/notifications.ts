import { type Booking, type CommittedMutation, isDesk, type User } from '../contract';
import type { NewNotification, StoreTx } from './port';
import { shorten } from './text';

// Who should hear of a change while elsewhere in the app, and what they read (docs/
// architecture.md §6). Planned from the committed mutation like the realtime fan-out, and
// stored in the same transaction by commit().

export type PlannedNotification = Omit<NewNotification, 'id' | 'createdAt'>;

type When = (b: Pick<Booking, 'date' | 'time'>) => string;

/**
 * "Wed 3 Dec at 10:00" in the branch's locale (its own 12/24-hour style): a booking's date and
 * time are already branch-local, so they are formatted as they are, never re-zoned.
 */
async function whenIn(tx: StoreTx, branchId: string | undefined): Promise<When> {
  const branch = branchId ? await tx.catalog.branch(branchId) : null;
  return formattersFor(branch?.locale ?? 'en-GB');
}

/** Intl formatters cost more to build than to use: one pair per locale. */
const byLocale = new Map<string, When>();

function formattersFor(locale: string): When {
  let when = byLocale.get(locale);
  if (!when) {
    const day = new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    // The SPA's own time style (web/src/lib/format.ts), so a toast reads like the page.
    const clock = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    });
    when = (b) =>
      `${day.format(new Date(`${b.date}T00:00:00Z`))} at ${clock.format(new Date(`${b.date}T${b.time}:00Z`))}`;
    byLocale.set(locale, when);
  }
  return when;
}

/** "Haircut + Blow-dry": every service of the booking. */
const what = (b: Booking) =>
  b.services?.length ? b.services.map((s) => s.name).join(' + ') : b.serviceName;
const reasonOf = (reason: string | undefined) => (reason ? ` Reason: ${reason}` : '');

async function staffUserId(tx: StoreTx, staffId: string | null): Promise<string | null> {
  if (!staffId) return null;
  return (await tx.catalog.staffMember(staffId))?.userId ?? null;
}

/** The customer, when they have an account (people booked by phone may not). */
async function customerUserId(tx: StoreTx, customerId: string): Promise<string | null> {
  const user = await tx.users.get(customerId);
  return user?.role === 'customer' ? user.id : null;
}

/** The branch a mutation happened in, when it says. */
function branchOf(mutation: CommittedMutation): string | undefined {
  if ('booking' in mutation) return mutation.booking.branchId;
  if ('after' in mutation) return mutation.after.branchId;
  if ('leave' in mutation) return mutation.leave.branchId;
  return undefined;
}

export async function planNotifications(
  tx: StoreTx,
  mutation: CommittedMutation,
  actor: User | undefined,
): Promise<PlannedNotification[]> {
  const out: PlannedNotification[] = [];
  const to = (userId: string | null, n: Omit<PlannedNotification, 'userId'>) => {
    if (userId && userId !== actor?.id) out.push({ userId, ...n });
  };
  const byDesk = actor ? isDesk(actor.role) : true;
  const when = await whenIn(tx, branchOf(mutation) ?? actor?.branchId);

  switch (mutation.kind) {
    case 'booking.created': {
      const b = mutation.booking;
      if (b.status === 'pending') {
        for (const desk of await tx.users.desk(b.branchId)) {
          to(desk.id, {
            kind: 'booking.requested',
            title: 'New booking request',
            body: `${b.customerName}: ${what(b)}, ${when(b)}`,
            link: '/desk',
          });
        }
      } else {
        to(await customerUserId(tx, b.customerId), {
          kind: 'booking.confirmed',
          title: 'Booking confirmed',
          body: `${what(b)} on ${when(b)}${b.staffName ? ` with ${b.staffName}` : ''}`,
          link: `/bookings/${b.id}`,
        });
        to(await staffUserId(tx, b.staffId), {
          kind: 'staff.assigned',
          title: 'New appointment',
          body: `${b.customerName}: ${what(b)}, ${when(b)}`,
          link: '/staff',
        });
      }
      break;
    }
    case 'booking.status': {
      const { after, action, reason } = mutation;
      const customer = await customerUserId(tx, after.customerId);
      const link = `/bookings/${after.id}`;
      if (action === 'approve') {
        to(customer, {
          kind: 'booking.confirmed',
          title: 'Booking confirmed',
          body: `${what(after)} on ${when(after)}${after.staffName ? ` with ${after.staffName}` : ''}`,
          link,
        });
        to(await staffUserId(tx, after.staffId), {
          kind: 'staff.assigned',
          title: 'New appointment',
          body: `${after.customerName}: ${what(after)}, ${when(after)}`,
          link: '/staff',
        });
      } else if (action === 'decline') {
        to(customer, {
          kind: 'booking.declined',
          title: 'Booking declined',
          body: `${what(after)} on ${when(after)}.${reasonOf(reason)}`,
          link,
        });
      } else if (action === 'cancel') {
        if (byDesk) {
          to(customer, {
            kind: 'booking.cancelled',
            title: 'Cancelled by the salon',
            body: `${what(after)} on ${when(after)}.${reasonOf(reason)}`,
            link,
          });
        } else {
          for (const desk of await tx.users.desk(after.branchId)) {
            to(desk.id, {
              kind: 'booking.cancelled',
              title: `${after.customerName} cancelled`,
              body: `${what(after)}, ${when(after)}`,
              link: '/desk',
            });
          }
        }
        if (mutation.before.status === 'confirmed') {
          to(await staffUserId(tx, after.staffId), {
            kind: 'staff.unassigned',
            title: 'Appointment cancelled',
            body: `${after.customerName}: ${what(after)}, ${when(after)}`,
            link: '/staff',
          });
        }
      }
      break;
    }
    case 'booking.rescheduled': {
      const { before, after } = mutation;
      const moved = `from ${when(before)} to ${when(after)}`;
      if (byDesk) {
        to(await customerUserId(tx, after.customerId), {
          kind: 'booking.rescheduled',
          title: 'Booking moved',
          body: `${what(after)} ${moved}`,
          link: `/bookings/${after.id}`,
        });
      }
      if (after.status === 'confirmed') {
        to(await staffUserId(tx, after.staffId), {
          kind: 'booking.rescheduled',
          title: 'Appointment moved',
          body: `${after.customerName}: ${what(after)} ${moved}`,
          link: '/staff',
        });
      }
      break;
    }
    case 'booking.assigned': {
      const { before, after } = mutation;
      to(await customerUserId(tx, after.customerId), {
        kind: 'booking.stylist_changed',
        title: 'Your stylist changed',
        body: `${what(after)} on ${when(after)}: ${before.staffName ?? 'no stylist'} → ${after.staffName ?? 'to be assigned'}`,
        link: `/bookings/${after.id}`,
      });
      if (after.status === 'confirmed') {
        to(await staffUserId(tx, before.staffId), {
          kind: 'staff.unassigned',
          title: 'Appointment moved to a colleague',
          body: `${after.customerName}: ${what(after)}, ${when(after)}`,
          link: '/staff',
        });
        to(await staffUserId(tx, after.staffId), {
          kind: 'staff.assigned',
          title: 'New appointment',
          body: `${after.customerName}: ${what(after)}, ${when(after)}`,
          link: '/staff',
        });
      }
      break;
    }
    case 'booking.services': {
      const { after } = mutation;
      if (byDesk) {
        to(await customerUserId(tx, after.customerId), {
          kind: 'booking.services_changed',
          title: 'Your booking changed',
          body: `${when(after)}: now ${what(after)}`,
          link: `/bookings/${after.id}`,
        });
      }
      break;
    }
    case 'leave.requested': {
      const l = mutation.leave;
      for (const desk of await tx.users.desk(l.branchId)) {
        if (desk.role === 'receptionist') continue; // managers and owners decide leave
        to(desk.id, {
          kind: 'leave.requested',
          title: 'Leave request',
          body: `${l.staffName}: ${l.from} to ${l.to}`,
          link: '/desk/leave',
        });
      }
      break;
    }
    case 'leave.decided': {
      const l = mutation.leave;
      to(await staffUserId(tx, l.staffId), {
        kind: 'leave.decided',
        title: l.status === 'approved' ? 'Leave approved' : 'Leave declined',
        body: `${l.from} to ${l.to}`,
        link: '/staff/leave',
      });
      break;
    }
    case 'ticket.created': {
      const t = mutation.ticket;
      for (const desk of await tx.users.desk(actor?.branchId ?? 'br_main')) {
        to(desk.id, {
          kind: 'support.new_ticket',
          title: 'New support request',
          body: `${t.customerName}: ${t.subject}`,
          link: `/desk/support/${t.id}`,
        });
      }
      break;
    }
    case 'chat.message': {
      const m = mutation.message;
      const ticket = await tx.tickets.get(m.sessionId);
      if (!ticket) break;
      const preview = shorten(m.content, 140);
      if (m.senderRole === 'customer') {
        to(ticket.agentId, {
          kind: 'support.reply',
          title: `${m.senderName} replied`,
          body: preview,
          link: `/desk/support/${ticket.id}`,
        });
      } else {
        to(ticket.customerId, {
          kind: 'support.reply',
          title: `${m.senderName} replied`,
          body: preview,
          link: `/support/${ticket.id}`,
        });
      }
      break;
    }
    default:
      break;
  }
  return out;
}
