import type { Ticket } from '../../../../contract/entities';
import { TICKET_STATUS_LABEL } from '../../lib/format';

export function TicketBadge({ ticket }: { ticket: Ticket }) {
  return (
    <span className={`badge ticket-${ticket.status}`} aria-live="polite" aria-atomic="true">
      {TICKET_STATUS_LABEL[ticket.status]}
    </span>
  );
}

/** The customer's line about their place: in the queue, or who is helping. */
export function QueueLine({ ticket }: { ticket: Ticket }) {
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
