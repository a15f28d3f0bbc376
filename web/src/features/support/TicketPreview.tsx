import type { Ticket } from '../../../../contract/entities';

/** A conversation in a list: who wrote last and what, and how many messages are new to me. */
export function TicketPreview({ ticket }: { ticket: Ticket }) {
  const unread = ticket.unreadCount ?? 0;
  const last = ticket.lastMessage;
  if (!last && unread === 0) return null;
  return (
    <p className="ticket-preview">
      {unread > 0 ? (
        <span className="nav-badge" data-testid="ticket-unread" data-count={unread}>
          {unread} new
        </span>
      ) : null}
      {last ? (
        <span className={unread > 0 ? 'ticket-last unread' : 'ticket-last'}>
          {last.senderName}: {last.preview}
        </span>
      ) : null}
    </p>
  );
}
