import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useLocation } from 'react-router';
import { keys } from '../../lib/api';
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

/** `queue:updates` (customers and desk): ticket lists refetch. */
export function onQueueEvent({ refetchTickets }: FeedContext) {
  refetchTickets();
}

/**
 * Leave events: the desk's `admin:{branch}:leave` and a stylist's own decisions (on their
 * schedule channel). Patches the leave list (or refetches it).
 */
export function onLeaveEvent(event: LiveEvent, context: FeedContext) {
  if (!('leave' in event.data)) return;
  const { queryClient, refetchLeave } = context;
  const leave = event.data.leave;
  const changed = applyLeave(queryClient, leave);
  if (!changed && queryClient.getQueryData(keys.leave) === undefined) refetchLeave();
}
