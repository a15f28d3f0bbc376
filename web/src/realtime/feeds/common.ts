import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useLocation } from 'react-router';
import type { Booking, User } from '../../../../contract/entities';
import { canDecideLeave, isDesk } from '../../../../contract/rules';
import { keys } from '../../lib/api';
import { formatDay } from '../../lib/format';
import { toast } from '../../ui/toasts';
import { applyLeave } from '../bookingCache';
import type { LiveEvent } from '../LiveChannel';

// Shared by the audience feeds (useCustomerFeed, useDeskFeed, useStaffFeed).

/** What every feed needs: the cache, the page on screen, and refetches for each list. */
export interface FeedContext {
  queryClient: QueryClient;
  /** The current path: a change the user is looking at raises no toast. */
  path: string;
  refetchBookings: () => void;
  refetchTickets: () => void;
  refetchLeave: () => void;
}

export function useFeedContext(): FeedContext {
  const queryClient = useQueryClient();
  const path = useLocation().pathname;
  const refetchBookings = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.allBookings }),
    [queryClient],
  );
  const refetchTickets = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.tickets }),
    [queryClient],
  );
  const refetchLeave = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.leave }),
    [queryClient],
  );
  return { queryClient, path, refetchBookings, refetchTickets, refetchLeave };
}

/** "Cut & colour, Tomorrow 10:30": a booking in a toast. */
export function summary(b: Booking): string {
  return `${b.serviceName}, ${formatDay(b.date)} ${b.time}`;
}

/** `queue:updates` (customers and desk): ticket lists refetch; the desk hears of new requests. */
export function onQueueEvent(event: LiveEvent, user: User, { path, refetchTickets }: FeedContext) {
  refetchTickets();
  if (
    isDesk(user.role) &&
    event.name === 'queue:update' &&
    event.data.action === 'created' &&
    !path.startsWith('/desk/support')
  )
    toast('A new support request is waiting', { href: '/desk/support' });
}

/**
 * Leave events: the desk's `admin:{branch}:leave` and a stylist's own decisions (on their
 * schedule channel). Patches the leave list (or refetches it) and toasts.
 */
export function onLeaveEvent(event: LiveEvent, user: User, context: FeedContext) {
  if (!('leave' in event.data)) return;
  const { queryClient, path, refetchLeave } = context;
  const leave = event.data.leave;
  const changed = applyLeave(queryClient, leave);
  if (!changed && queryClient.getQueryData(keys.leave) === undefined) refetchLeave();
  if (event.name === 'leave.requested' && path !== '/desk/leave' && canDecideLeave(user.role))
    toast(`${leave.staffName} asked for leave`, { href: '/desk/leave' });
  if (event.name === 'leave.approved')
    toast('Your leave was approved', { tone: 'success', href: '/staff/leave' });
  if (event.name === 'leave.declined')
    toast('Your leave request was declined', { href: '/staff/leave' });
}
