import { channels } from '../../../../contract/channels';
import type { User } from '../../../../contract/entities';
import { toast } from '../../ui/toasts';
import { applyBooking } from '../bookingCache';
import type { LiveEvent } from '../LiveChannel';
import { onLeaveEvent, onQueueEvent, summary, useFeedContext } from './common';
import type { Feed } from './LiveFeeds';

/**
 * The desk's always-on channels (receptionist, manager, owner): the branch's bookings
 * (`admin:{branch}:bookings`), the support queue and the branch's leave requests. Off the
 * front desk page, a new or cancelled booking raises a toast.
 */
export function useDeskFeed(user: User): Feed[] {
  const context = useFeedContext();
  const { queryClient, path, refetchBookings, refetchTickets, refetchLeave } = context;

  const onBookingEvent = (event: LiveEvent) => {
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    const { changed } = applyBooking(queryClient, booking, { tracksEveryChange: true });
    if (changed && event.name === 'booking.new' && path !== '/desk')
      toast(`New booking from ${booking.customerName}: ${summary(booking)}`, { href: '/desk' });
    else if (changed && event.name === 'booking.cancelled' && path !== '/desk')
      toast(`${booking.customerName} cancelled ${summary(booking)}`, { tone: 'warning' });
  };

  return [
    {
      channel: channels.adminBookings(user.branchId),
      onEvent: onBookingEvent,
      onResync: refetchBookings,
    },
    {
      channel: channels.queueUpdates(),
      onEvent: (event) => onQueueEvent(event, user, context),
      onResync: refetchTickets,
    },
    {
      channel: channels.adminLeave(user.branchId),
      onEvent: (event) => onLeaveEvent(event, user, context),
      onResync: refetchLeave,
    },
  ];
}
