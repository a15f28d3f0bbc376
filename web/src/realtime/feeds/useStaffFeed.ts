import { channels } from '../../../../contract/channels';
import type { User } from '../../../../contract/entities';
import { applyBooking } from '../bookingCache';
import type { LiveEvent } from '../LiveChannel';
import { onLeaveEvent, useFeedContext } from './common';
import type { Feed } from './LiveFeeds';

/**
 * A stylist's always-on channel, their schedule (`staff:{id}:schedule`): appointments assigned
 * to or taken off them, and the decisions on their leave. Off "My day", each raises a toast.
 * A staff account without a stylist record has no channel.
 */
export function useStaffFeed(user: User): Feed[] {
  const context = useFeedContext();
  const { queryClient, refetchBookings } = context;

  const onScheduleEvent = (event: LiveEvent) => {
    if (event.name === 'leave.approved' || event.name === 'leave.declined') {
      onLeaveEvent(event, context);
      return;
    }
    if (!('booking' in event.data)) return;
    const booking = event.data.booking;
    const unassigned = event.name === 'booking.unassigned';
    applyBooking(queryClient, booking, {
      tracksEveryChange: false,
      removeFromStaffDay: unassigned,
    });
  };

  if (!user.staffId) return [];
  return [
    {
      channel: channels.staffSchedule(user.staffId),
      onEvent: onScheduleEvent,
      onResync: refetchBookings,
    },
  ];
}
