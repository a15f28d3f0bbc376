import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ticket } from '../../../../contract/entities';
import { api, keys } from '../../lib/api';
import { applyTicket } from '../../realtime/bookingCache';

export function useTickets() {
  return useQuery({ queryKey: keys.tickets, queryFn: () => api.tickets() });
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
