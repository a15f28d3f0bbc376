import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Booking, BookingStatus } from '../../../contract/entities';
import { formatDay, formatDuration, formatTime, STATUS_LABEL, serviceNames } from '../lib/format';
import './BookingCard.css';

/** The status pill; when the status changes it animates to the new state in place. */
export function StatusBadge({ status }: { status: BookingStatus }) {
  const previous = useRef(status);
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    if (previous.current !== status) {
      previous.current = status;
      setChanged(true);
      const t = setTimeout(() => setChanged(false), 1200);
      return () => clearTimeout(t);
    }
  }, [status]);
  return (
    <span
      className={`badge badge-${status}${changed ? ' badge-changed' : ''}`}
      aria-live="polite"
      aria-atomic="true"
    >
      <span className="visually-hidden">Status: </span>
      {STATUS_LABEL[status]}
    </span>
  );
}

export function BookingCard({
  booking,
  href,
  showCustomer = false,
  showStaff = true,
  actions,
  className,
}: {
  booking: Booking;
  href?: string;
  showCustomer?: boolean;
  showStaff?: boolean;
  actions?: ReactNode;
  className?: string;
}) {
  const services = serviceNames(booking);
  const title = showCustomer ? `${booking.customerName} · ${services}` : services;
  return (
    <article
      className={`booking-card card${className ? ` ${className}` : ''}`}
      data-testid="booking-card"
      data-booking-id={booking.id}
      data-status={booking.status}
      data-needs-staff={booking.needsStaff ? 'true' : undefined}
      aria-label={`${title}, ${formatDay(booking.date)} at ${formatTime(booking.time)}`}
    >
      <div className="booking-when">
        <span className="booking-day">{formatDay(booking.date)}</span>
        <span className="booking-time">{formatTime(booking.time)}</span>
      </div>
      <div className="booking-main">
        <h3 className="booking-title">{href ? <Link to={href}>{title}</Link> : title}</h3>
        <p className="booking-meta">
          {formatDuration(booking.durationMin)}
          {showStaff
            ? ` · ${booking.staffName ? `with ${booking.staffName}` : 'stylist to be assigned'}`
            : ''}
        </p>
        {booking.statusReason &&
        (booking.status === 'declined' || booking.status === 'cancelled') ? (
          <p className="booking-reason" data-testid="booking-reason">
            Reason: {booking.statusReason}
          </p>
        ) : null}
      </div>
      <div className="booking-side">
        <StatusBadge status={booking.status} />
      </div>
      {actions ? <div className="booking-actions">{actions}</div> : null}
    </article>
  );
}
