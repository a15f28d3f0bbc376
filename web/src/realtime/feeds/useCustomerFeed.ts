import { channels } from '../../../../contract/channels';
import type { User } from '../../../../contract/entities';
import { formatDay, STATUS_LABEL } from '../../lib/format';
import { toast } from '../../ui/toasts';
import { applyBooking } from '../bookingCache';
import type { LiveEvent } from '../LiveChannel';
import { onQueueEvent, summary, useFeedContext } from './common';
import type { Feed } from './LiveFeeds';

/**
 * A customer's always-on channels: their bookings (`customer:{id}:bookings`) and the support
 * queue. Off the booking's own page, a change to it raises a toast.
 */
export function useCustomerFeed(user: User): Feed[] {
  const context = useFeedContext();
  const { queryClient, path, refetchBookings, refetchTickets } = context;

  const onBookingEvent = (event: LiveEvent) => {
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    const { changed } = applyBooking(queryClient, booking, { tracksEveryChange: true });
    const watching = path === '/bookings' || path === `/bookings/${booking.id}`;
    if (!changed || watching) return;
    const href = `/bookings/${booking.id}`;
    if (event.name === 'booking.rescheduled')
      toast(`Your ${booking.serviceName} moved to ${formatDay(booking.date)} ${booking.time}`, {
        href,
      });
    else if (event.name !== 'booking.created')
      toast(`${summary(booking)}: ${STATUS_LABEL[booking.status]}`, {
        href,
        tone: booking.status === 'confirmed' ? 'success' : 'info',
      });
  };

  return [
    {
      channel: channels.customerBookings(user.id),
      onEvent: onBookingEvent,
      onResync: refetchBookings,
    },
    {
      channel: channels.queueUpdates(),
      onEvent: (event) => onQueueEvent(event, user, context),
      onResync: refetchTickets,
    },
  ];
}
