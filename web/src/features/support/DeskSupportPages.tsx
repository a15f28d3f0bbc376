import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Ticket } from '../../../../contract/entities';
import { api, errorMessage, isApiError, keys } from '../../lib/api';
import { formatClock } from '../../lib/format';
import { applyTicket } from '../../realtime/bookingCache';
import { useUser } from '../../session/session';
import { EmptyState, ErrorNote } from '../../ui/feedback';
import { useArrivals } from '../../ui/useArrivals';
import { isOpen, useTickets } from './hooks';
import { TicketConversation, TicketFrame } from './TicketConversation';
import { TicketRow } from './TicketRow';
import { TicketBadge } from './TicketStatus';
import './support.css';

// The desk's side of support (docs/architecture.md §8: `/desk/support`, `/desk/support/:ticketId`).

export function DeskSupportPage() {
  const tickets = useTickets();
  const me = useUser();
  const list = tickets.data ?? [];
  const waiting = list
    .filter((t) => t.status === 'waiting')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const active = list.filter((t) => t.status === 'active');
  const arrived = useArrivals(tickets.data?.map((t) => t.id));
  const closed = list
    .filter((t) => !isOpen(t))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, 10);
  return (
    <>
      <div className="page-head">
        <h1>Support queue</h1>
      </div>
      {tickets.isPending ? <p className="muted">Loading…</p> : null}
      {tickets.isError ? (
        <ErrorNote error={errorMessage(tickets.error)} onRetry={() => tickets.refetch()} />
      ) : null}
      <div className="two-col">
        <section aria-labelledby="waiting-h">
          <h2 id="waiting-h">
            Waiting <span className="count">{waiting.length}</span>
          </h2>
          {tickets.data && waiting.length === 0 ? (
            <EmptyState>Nobody is waiting.</EmptyState>
          ) : null}
          <ul className="ticket-list" aria-live="polite">
            {waiting.map((t) => (
              <DeskQueueRow key={t.id} ticket={t} meId={me.id} arrived={arrived(t.id)} />
            ))}
          </ul>
        </section>
        <section aria-labelledby="active-h">
          <h2 id="active-h">In conversation</h2>
          {tickets.data && active.length === 0 ? (
            <EmptyState>No open conversations.</EmptyState>
          ) : null}
          <ul className="ticket-list">
            {active.map((t) => (
              <TicketRow
                key={t.id}
                ticket={t}
                href={`/desk/support/${t.id}`}
                title={`${t.customerName}: ${t.subject}`}
                detail={t.agentId === me.id ? 'With you' : `With ${t.agentName ?? 'a colleague'}`}
              />
            ))}
          </ul>
          {closed.length > 0 ? (
            <>
              <h2>Recently closed</h2>
              <ul className="ticket-list">
                {closed.map((t) => (
                  <li key={t.id} className="ticket-row card muted-card">
                    <Link to={`/desk/support/${t.id}`} className="ticket-subject">
                      {t.customerName}: {t.subject}
                    </Link>
                    <TicketBadge ticket={t} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>
    </>
  );
}

function DeskQueueRow({
  ticket,
  meId,
  arrived,
}: {
  ticket: Ticket;
  meId: string;
  arrived: boolean;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [conflict, setConflict] = useState<string | null>(null);
  const claim = useMutation({
    mutationFn: () => api.claimTicket(ticket.id),
    onSuccess: (t) => {
      applyTicket(queryClient, t);
      navigate(`/desk/support/${t.id}`);
    },
    onError: async (error) => {
      if (!isApiError(error, 'ALREADY_CLAIMED', 'CONFLICT', 'ILLEGAL_TRANSITION')) return;
      const fresh = await queryClient.fetchQuery({
        queryKey: keys.tickets,
        queryFn: () => api.tickets(),
        staleTime: 0,
      });
      const now = fresh.find((t) => t.id === ticket.id);
      setConflict(
        now?.agentId === meId
          ? 'You already have this one.'
          : now?.agentName
            ? `${now.agentName} already took this one.`
            : 'Someone else already took this one.',
      );
    },
  });
  return (
    <li
      className={`ticket-row card${arrived ? ' slide-in' : ''}`}
      data-testid="queue-ticket"
      data-ticket-id={ticket.id}
    >
      <div>
        <p className="ticket-subject">
          {ticket.customerName}: {ticket.subject}
        </p>
        <p className="muted">Waiting since {formatClock(ticket.createdAt)}</p>
        {conflict ? (
          <p className="kind-note" role="status">
            {conflict}
          </p>
        ) : null}
        {claim.isError && !conflict && !isApiError(claim.error, 'ALREADY_CLAIMED', 'CONFLICT') ? (
          <ErrorNote error={errorMessage(claim.error)} />
        ) : null}
      </div>
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={claim.isPending}
        onClick={() => claim.mutate()}
      >
        {claim.isPending ? 'Claiming…' : 'Claim'}
      </button>
    </li>
  );
}

export function DeskTicketPage() {
  const me = useUser();
  return (
    <TicketFrame back="/desk/support">
      {(ticket) => (
        <TicketConversation
          ticket={ticket}
          me={me}
          about={
            <>
              {ticket.customerName}
              {ticket.agentName
                ? ` · with ${ticket.agentId === me.id ? 'you' : ticket.agentName}`
                : ''}
            </>
          }
          bookingHref={(id) => `/desk/bookings/${id}`}
          buttons={[
            { kind: 'claim', label: 'Claim', when: ticket.status === 'waiting', primary: true },
            { kind: 'complete', label: 'Complete', when: isOpen(ticket) },
          ]}
        />
      )}
    </TicketFrame>
  );
}
