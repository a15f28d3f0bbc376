import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Ticket } from '../../../../contract/entities';
import { useUser } from '../../app/session';
import { api, errorMessage, isApiError, keys } from '../../lib/api';
import { formatClock, formatDay, TICKET_STATUS_LABEL } from '../../lib/format';
import { applyTicket } from '../../realtime/bookingCache';
import { useReauthorize } from '../../realtime/RealtimeProvider';
import { EmptyState, ErrorNote, useArrivals } from '../bookings/BookingCard';
import { ChatWindow } from './ChatWindow';

export function useTickets() {
  return useQuery({ queryKey: keys.tickets, queryFn: () => api.tickets() });
}

const isOpen = (t: Ticket) => t.status === 'waiting' || t.status === 'active';

function TicketBadge({ ticket }: { ticket: Ticket }) {
  return (
    <span className={`badge ticket-${ticket.status}`} aria-live="polite" aria-atomic="true">
      {TICKET_STATUS_LABEL[ticket.status]}
    </span>
  );
}

function QueueLine({ ticket }: { ticket: Ticket }) {
  if (ticket.status === 'waiting')
    return (
      <span className="queue-pos" aria-live="polite">
        {ticket.queuePosition === 1
          ? 'You are next in line'
          : ticket.queuePosition
            ? `Number ${ticket.queuePosition} in the queue`
            : 'Waiting for the salon'}
      </span>
    );
  if (ticket.status === 'active' && ticket.agentName)
    return <span className="queue-pos">{ticket.agentName} is helping you</span>;
  return null;
}

// ---- customer -----------------------------------------------------------------------------

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
          <li
            key={t.id}
            className="ticket-row card"
            data-testid="queue-ticket"
            data-ticket-id={t.id}
          >
            <div>
              <Link to={`/support/${t.id}`} className="ticket-subject">
                {t.subject}
              </Link>
              <p className="muted">
                {formatDay(t.createdAt.slice(0, 10))} · <QueueLine ticket={t} />
              </p>
            </div>
            <TicketBadge ticket={t} />
          </li>
        ))}
      </ul>
    </>
  );
}

function NewTicketForm({
  bookingId,
  onCancel,
}: {
  bookingId: string | null;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const reauthorize = useReauthorize();
  const ids = { subject: useId(), message: useId() };
  const booking = useQuery({
    queryKey: keys.booking(bookingId ?? ''),
    queryFn: () => api.booking(bookingId!),
    enabled: Boolean(bookingId),
  });
  const b = booking.data?.booking;
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.createTicket({
        subject:
          subject.trim() ||
          (b ? `About my ${b.serviceName} on ${formatDay(b.date)} ${b.time}` : ''),
        message: message.trim(),
        ...(bookingId ? { bookingId } : {}),
      }),
    onSuccess: async (ticket) => {
      applyTicket(queryClient, ticket);
      // The new token carries `session:{ticket}:*`; get it before the chat subscribes.
      await reauthorize();
      navigate(`/support/${ticket.id}`);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card stack form-wide" onSubmit={onSubmit} aria-label="New support request">
      {b ? (
        <p className="muted">
          About your {b.serviceName} on {formatDay(b.date)} at {b.time}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={ids.subject}>Subject</label>
        <input
          id={ids.subject}
          value={subject}
          maxLength={200}
          required={!b}
          placeholder={b ? `About my ${b.serviceName}` : 'What is it about?'}
          onChange={(e) => setSubject(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.message}>Your question</label>
        <textarea
          id={ids.message}
          rows={3}
          maxLength={4000}
          required
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
      </div>
      {create.isError ? <ErrorNote error={errorMessage(create.error)} /> : null}
      <div className="row-end">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={create.isPending || !message.trim()}
        >
          {create.isPending ? 'Sending…' : 'Send to the salon'}
        </button>
      </div>
    </form>
  );
}

function useTicketAction(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: 'claim' | 'complete' | 'cancel') =>
      kind === 'claim'
        ? api.claimTicket(ticketId)
        : kind === 'complete'
          ? api.completeTicket(ticketId)
          : api.cancelTicket(ticketId),
    onSuccess: (ticket) => applyTicket(queryClient, ticket),
    onError: () => void queryClient.invalidateQueries({ queryKey: keys.tickets }),
  });
}

function TicketFrame({
  back,
  children,
}: {
  back: string;
  children: (t: Ticket) => React.ReactNode;
}) {
  const { ticketId = '' } = useParams();
  const tickets = useTickets();
  const ticket = tickets.data?.find((t) => t.id === ticketId);
  return (
    <>
      <p className="crumbs">
        <Link to={back}>← All conversations</Link>
      </p>
      {tickets.isPending ? <p className="muted">Loading…</p> : null}
      {tickets.isError ? (
        <ErrorNote error={errorMessage(tickets.error)} onRetry={() => tickets.refetch()} />
      ) : null}
      {tickets.data && !ticket ? (
        <EmptyState>We could not find that conversation.</EmptyState>
      ) : null}
      {ticket ? children(ticket) : null}
    </>
  );
}

export function CustomerTicketPage() {
  const me = useUser();
  return (
    <TicketFrame back="/support">
      {(ticket) => <CustomerTicket ticket={ticket} me={me} />}
    </TicketFrame>
  );
}

function CustomerTicket({ ticket, me }: { ticket: Ticket; me: ReturnType<typeof useUser> }) {
  const action = useTicketAction(ticket.id);
  return (
    <div className="chat-page">
      <div className="page-head">
        <div>
          <h1>{ticket.subject}</h1>
          <p className="muted">
            <QueueLine ticket={ticket} />
            {ticket.bookingId ? (
              <>
                {' '}
                · <Link to={`/bookings/${ticket.bookingId}`}>View booking</Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="row-actions">
          <TicketBadge ticket={ticket} />
          {ticket.status === 'waiting' ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={action.isPending}
              onClick={() => action.mutate('cancel')}
            >
              Withdraw request
            </button>
          ) : null}
          {ticket.status === 'active' ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={action.isPending}
              onClick={() => action.mutate('complete')}
            >
              Mark resolved
            </button>
          ) : null}
        </div>
      </div>
      {action.isError ? <ErrorNote error={errorMessage(action.error)} /> : null}
      <ChatWindow ticket={ticket} me={me} />
    </div>
  );
}

// ---- desk ---------------------------------------------------------------------------------

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
              <li
                key={t.id}
                className="ticket-row card"
                data-testid="queue-ticket"
                data-ticket-id={t.id}
              >
                <div>
                  <Link to={`/desk/support/${t.id}`} className="ticket-subject">
                    {t.customerName}: {t.subject}
                  </Link>
                  <p className="muted">
                    {t.agentId === me.id ? 'With you' : `With ${t.agentName ?? 'a colleague'}`}
                  </p>
                </div>
                <TicketBadge ticket={t} />
              </li>
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
      {(ticket) => <DeskTicket ticket={ticket} me={me} />}
    </TicketFrame>
  );
}

function DeskTicket({ ticket, me }: { ticket: Ticket; me: ReturnType<typeof useUser> }) {
  const action = useTicketAction(ticket.id);
  return (
    <div className="chat-page">
      <div className="page-head">
        <div>
          <h1>{ticket.subject}</h1>
          <p className="muted">
            {ticket.customerName}
            {ticket.agentName
              ? ` · with ${ticket.agentId === me.id ? 'you' : ticket.agentName}`
              : ''}
            {ticket.bookingId ? (
              <>
                {' '}
                · <Link to={`/desk/bookings/${ticket.bookingId}`}>View booking</Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="row-actions">
          <TicketBadge ticket={ticket} />
          {ticket.status === 'waiting' ? (
            <button
              type="button"
              className="btn btn-primary btn-small"
              disabled={action.isPending}
              onClick={() => action.mutate('claim')}
            >
              Claim
            </button>
          ) : null}
          {isOpen(ticket) ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={action.isPending}
              onClick={() => action.mutate('complete')}
            >
              Complete
            </button>
          ) : null}
        </div>
      </div>
      {action.isError ? <ErrorNote error={errorMessage(action.error)} /> : null}
      <ChatWindow ticket={ticket} me={me} />
    </div>
  );
}
