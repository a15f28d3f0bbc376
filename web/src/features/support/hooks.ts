import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ticket } from '../../../../contract/entities';
import { api, keys } from '../../lib/api';
import { applyTicket } from '../../realtime/bookingCache';

/**
 * The support list. The shell keeps the same query warm for the nav's unread badge, so the page
 * asks again when it opens rather than trusting a cached list that only live events refresh.
 */
export function useTickets() {
  return useQuery({
    queryKey: keys.tickets,
    queryFn: () => api.tickets(),
    refetchOnMount: 'always',
  });
}

/** Messages waiting to be read across the caller's conversations (the nav's badge). */
export function useSupportUnread(enabled: boolean): number {
  const { data } = useQuery({
    queryKey: keys.tickets,
    queryFn: () => api.tickets(),
    enabled,
    select: (tickets) => tickets.reduce((n, t) => n + (t.unreadCount ?? 0), 0),
  });
  return data ?? 0;
}

/** The conversation is open on screen: it (and notifications about it) count as read. */
export function useMarkTicketRead(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.markTicketRead(ticketId),
    onSuccess: () =>
      queryClient.setQueryData<Ticket[]>(keys.tickets, (list) =>
        list?.map((t) => (t.id === ticketId ? { ...t, unreadCount: 0 } : t)),
      ),
  });
}

export const isOpen = (t: Ticket) => t.status === 'waiting' || t.status === 'active';

export type TicketActionKind = 'claim' | 'complete' | 'cancel';

/** Claim, complete or cancel a ticket; the answer patches the cache, a refusal refetches. */
export function useTicketAction(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: TicketActionKind) =>
      kind === 'claim'
        ? api.claimTicket(ticketId)
        : kind === 'complete'
          ? api.completeTicket(ticketId)
          : api.cancelTicket(ticketId),
    onSuccess: (ticket) => applyTicket(queryClient, ticket),
    onError: () => void queryClient.invalidateQueries({ queryKey: keys.tickets }),
  });
}
