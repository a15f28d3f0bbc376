import { channels } from '../../../../contract/channels';
import type { User } from '../../../../contract/entities';
import { applyBooking } from '../bookingCache';
import type { LiveEvent } from '../LiveChannel';
import { onLeaveEvent, onQueueEvent, useFeedContext } from './common';
import type { Feed } from './LiveFeeds';

/**
 * The desk's always-on channels (receptionist, manager, owner): the branch's bookings
 * (`admin:{branch}:bookings`), the support queue and the branch's leave requests. Off the
 * (What to tell the person comes from their notifications: NotificationFeed.)
 */
export function useDeskFeed(user: User): Feed[] {
  const context = useFeedContext();
  const { queryClient, refetchBookings, refetchTickets, refetchLeave } = context;

  const onBookingEvent = (event: LiveEvent) => {
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    applyBooking(queryClient, booking, { tracksEveryChange: true });
  };

  return [
    {
      channel: channels.adminBookings(user.branchId),
      onEvent: onBookingEvent,
      onResync: refetchBookings,
    },
    {
      channel: channels.queueUpdates(),
      onEvent: () => onQueueEvent(context),
      onResync: refetchTickets,
    },
    {
      channel: channels.adminLeave(user.branchId),
      onEvent: (event) => onLeaveEvent(event, context),
      onResync: refetchLeave,
    },
  ];
}
