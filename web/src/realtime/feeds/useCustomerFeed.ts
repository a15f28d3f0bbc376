import { channels } from '../../../../contract/channels';
import type { User } from '../../../../contract/entities';
import { applyBooking } from '../bookingCache';
import type { LiveEvent } from '../LiveChannel';
import { onQueueEvent, useFeedContext } from './common';
import type { Feed } from './LiveFeeds';

/**
 * A customer's always-on channels: their bookings (`customer:{id}:bookings`) and the support
 * queue, kept fresh in the cache. (Toasts come from notifications: NotificationFeed.)
 */
export function useCustomerFeed(user: User): Feed[] {
  const context = useFeedContext();
  const { queryClient, refetchBookings, refetchTickets } = context;

  const onBookingEvent = (event: LiveEvent) => {
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    applyBooking(queryClient, booking, { tracksEveryChange: true });
  };

  return [
    {
      channel: channels.customerBookings(user.id),
      onEvent: onBookingEvent,
      onResync: refetchBookings,
    },
    {
      channel: channels.queueUpdates(),
      onEvent: () => onQueueEvent(context),
      onResync: refetchTickets,
    },
  ];
}
