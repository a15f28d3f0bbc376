import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { Ticket, User } from '../../../../contract/entities';
import { errorMessage } from '../../lib/api';
import { EmptyState, ErrorNote } from '../../ui/feedback';
import { ChatWindow } from './ChatWindow';
import { type TicketActionKind, useTicketAction, useTickets } from './hooks';
import { TicketBadge } from './TicketStatus';

/** The ticket named by `:ticketId`, from the ticket list; `back` leads to the list. */
export function TicketFrame({
  back,
  children,
}: {
  back: string;
  children: (t: Ticket) => ReactNode;
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

/** A button of the header: shown when `when` holds. */
export interface TicketButton {
  kind: TicketActionKind;
  label: string;
  when: boolean;
  primary?: boolean;
}

/**
 * One conversation, for the customer and the desk alike: the header (subject, a line about
 * who is involved, a link to the booking, status and the viewer's buttons) and the chat.
 */
export function TicketConversation({
  ticket,
  me,
  about,
  bookingHref,
  buttons,
}: {
  ticket: Ticket;
  me: User;
  /** The line under the subject (before the booking link). */
  about: ReactNode;
  /** Where "View booking" leads, for a ticket about a booking. */
  bookingHref: (bookingId: string) => string;
  buttons: TicketButton[];
}) {
  const action = useTicketAction(ticket.id);
  return (
    <div className="chat-page">
      <div className="page-head">
        <div>
          <h1>{ticket.subject}</h1>
          <p className="muted">
            {about}
            {ticket.bookingId ? (
              <>
                {' '}
                · <Link to={bookingHref(ticket.bookingId)}>View booking</Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="row-actions">
          <TicketBadge ticket={ticket} />
          {buttons
            .filter((b) => b.when)
            .map((b) => (
              <button
                key={b.kind}
                type="button"
                className={b.primary ? 'btn btn-primary btn-small' : 'btn btn-small'}
                disabled={action.isPending}
                onClick={() => action.mutate(b.kind)}
              >
                {b.label}
              </button>
            ))}
        </div>
      </div>
      {action.isError ? <ErrorNote error={errorMessage(action.error)} /> : null}
      <ChatWindow ticket={ticket} me={me} />
    </div>
  );
}
