import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../lib/api';
import { formatDay } from '../../lib/format';
import { useUser } from '../../session/session';
import { EmptyState, ErrorNote } from '../../ui/feedback';
import { useTickets } from './hooks';
import { NewTicketForm } from './NewTicketForm';
import { TicketConversation, TicketFrame } from './TicketConversation';
import { TicketRow } from './TicketRow';
import { QueueLine } from './TicketStatus';
import './support.css';

// The customer's side of support (docs/architecture.md §8: `/support`, `/support/:ticketId`).

export function CustomerSupportPage() {
  const tickets = useTickets();
  const [params] = useSearchParams();
  const bookingId = params.get('bookingId');
  const list = (tickets.data ?? []).slice().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const [showForm, setShowForm] = useState(Boolean(bookingId));
  return (
    <>
      <div className="page-head">
        <h1>Support</h1>
        {!showForm ? (
          <button type="button" className="btn btn-primary" onClick={() => setShowForm(true)}>
            Ask the salon
          </button>
        ) : null}
      </div>
      {showForm ? (
        <NewTicketForm bookingId={bookingId} onCancel={() => setShowForm(false)} />
      ) : null}
      {tickets.isPending ? <p className="muted">Loading…</p> : null}
      {tickets.isError ? (
        <ErrorNote error={errorMessage(tickets.error)} onRetry={() => tickets.refetch()} />
      ) : null}
      {tickets.data?.length === 0 && !showForm ? (
        <EmptyState>No conversations yet. Questions about a booking? Ask the salon.</EmptyState>
      ) : null}
      <ul className="ticket-list">
        {list.map((t) => (
          <TicketRow
            key={t.id}
            ticket={t}
            href={`/support/${t.id}`}
            title={t.subject}
            detail={
              <>
                {formatDay(t.createdAt.slice(0, 10))} · <QueueLine ticket={t} />
              </>
            }
          />
        ))}
      </ul>
    </>
  );
}

export function CustomerTicketPage() {
  const me = useUser();
  return (
    <TicketFrame back="/support">
      {(ticket) => (
        <TicketConversation
          ticket={ticket}
          me={me}
          about={<QueueLine ticket={ticket} />}
          bookingHref={(id) => `/bookings/${id}`}
          buttons={[
            { kind: 'cancel', label: 'Withdraw request', when: ticket.status === 'waiting' },
            { kind: 'complete', label: 'Mark resolved', when: ticket.status === 'active' },
          ]}
        />
      )}
    </TicketFrame>
  );
}
