import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Ticket } from '../../../../contract/entities';
import { TicketPreview } from './TicketPreview';
import { TicketBadge } from './TicketStatus';

/** A conversation in a support list: its title links to it, with a line about where it stands. */
export function TicketRow({
  ticket,
  href,
  title,
  detail,
}: {
  ticket: Ticket;
  href: string;
  title: ReactNode;
  detail: ReactNode;
}) {
  return (
    <li className="ticket-row card" data-testid="queue-ticket" data-ticket-id={ticket.id}>
      <div>
        <Link to={href} className="ticket-subject">
          {title}
        </Link>
        <p className="muted">{detail}</p>
        <TicketPreview ticket={ticket} />
      </div>
      <TicketBadge ticket={ticket} />
    </li>
  );
}
