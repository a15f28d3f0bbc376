import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useId, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { channels } from '../../../../contract/channels';
import type { Booking } from '../../../../contract/entities';
import type { BookingAction } from '../../../../contract/requests';
import { isActive, isDesk } from '../../../../contract/rules';
import { api, errorMessage, isApiError, keys } from '../../lib/api';
import {
  formatClock,
  formatDuration,
  formatLongDay,
  formatTime,
  serviceNames,
  today,
} from '../../lib/format';
import { applyBooking, applyNote } from '../../realtime/bookingCache';
import { LiveChannel, type LiveEvent } from '../../realtime/LiveChannel';
import { useUser } from '../../session/session';
import { StatusBadge } from '../../ui/BookingCard';
import { ErrorNote } from '../../ui/feedback';
import { ReasonAction } from '../../ui/ReasonAction';
import { ServiceLines, ServicePicker } from '../../ui/ServicePicker';
import { StaffSelect } from '../../ui/StaffSelect';
import { useServices } from './hooks';
import { SlotPicker } from './SlotPicker';
import './bookings.css';

function backPath(role: string): string {
  if (role === 'customer') return '/bookings';
  if (role === 'staff') return '/staff';
  return '/desk';
}

export function BookingDetailPage() {
  // Arriving straight from "Request booking" (see CustomerBookingsPages).
  const requestSent = (useLocation().state as { requestSent?: boolean } | null)?.requestSent;
  const { id = '' } = useParams();
  const user = useUser();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: keys.booking(id), queryFn: () => api.booking(id) });
  const booking = detail.data?.booking;

  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.name === 'note.added') applyNote(queryClient, event.data.note);
      else if ('booking' in event.data)
        applyBooking(queryClient, event.data.booking, { tracksEveryChange: true });
    },
    [queryClient],
  );
  const onResync = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.booking(id) }),
    [queryClient, id],
  );

  const live = booking && (isActive(booking.status) || isDesk(user.role));
  return (
    <>
      <p className="crumbs">
        <Link to={backPath(user.role)}>← Back</Link>
      </p>
      {live ? (
        <LiveChannel channel={channels.booking(id)} onEvent={onEvent} onResync={onResync} />
      ) : null}
      {detail.isPending ? <p className="muted">Loading booking…</p> : null}
      {detail.isError && isApiError(detail.error, 'NOT_FOUND', 'FORBIDDEN') ? (
        <div className="card">
          <h1>Booking not found</h1>
          <p>The link may be wrong, or the booking belongs to another account.</p>
          <Link to={backPath(user.role)} className="btn btn-primary">
            {user.role === 'customer' ? 'See my bookings' : 'Back'}
          </Link>
        </div>
      ) : detail.isError ? (
        <>
          <h1>Booking</h1>
          <ErrorNote error={errorMessage(detail.error)} onRetry={() => detail.refetch()} />
        </>
      ) : null}
      {booking && detail.data ? (
        <div className="detail-grid">
          <section
            className="card booking-detail"
            data-testid="booking-card"
            data-booking-id={booking.id}
            data-status={booking.status}
            aria-labelledby="booking-h"
          >
            <div className="page-head">
              <h1 id="booking-h">{serviceNames(booking)}</h1>
              <StatusBadge status={booking.status} />
            </div>
            {requestSent && booking.status === 'pending' ? (
              <p className="notice notice-success" role="status" data-testid="request-sent">
                Request sent — we'll let you know as soon as the salon confirms it.
              </p>
            ) : null}
            <dl className="facts">
              <dt>When</dt>
              <dd>
                {formatLongDay(booking.date)} at {formatTime(booking.time)}
              </dd>
              <dt>Length</dt>
              <dd>{formatDuration(booking.durationMin)}</dd>
              <dt>Stylist</dt>
              <dd data-testid="booking-stylist">
                {booking.needsStaff ? (
                  <span className="badge badge-needs-staff">Needs a stylist</span>
                ) : (
                  (booking.staffName ?? 'To be assigned')
                )}
              </dd>
              {booking.statusReason ? (
                <>
                  <dt>{booking.status === 'declined' ? 'Why declined' : 'Why cancelled'}</dt>
                  <dd data-testid="booking-reason">{booking.statusReason}</dd>
                </>
              ) : null}
              {user.role !== 'customer' ? (
                <>
                  <dt>Customer</dt>
                  <dd>{booking.customerName}</dd>
                  {booking.customerPhone ? (
                    <>
                      <dt>Phone</dt>
                      <dd>
                        <a href={`tel:${booking.customerPhone.replace(/[^\d+]/g, '')}`}>
                          {booking.customerPhone}
                        </a>
                      </dd>
                    </>
                  ) : null}
                  {booking.customerEmail ? (
                    <>
                      <dt>Email</dt>
                      <dd>{booking.customerEmail}</dd>
                    </>
                  ) : null}
                  <dt>Booked</dt>
                  <dd>{booking.source === 'desk' ? 'By the desk' : 'Online'}</dd>
                </>
              ) : null}
            </dl>
            <ServiceLines services={booking.services} />
            {user.role === 'customer' ? <CustomerActions booking={booking} /> : null}
            {isDesk(user.role) ? <DeskActions booking={booking} /> : null}
          </section>
          <Notes
            bookingId={booking.id}
            canAdd={user.role !== 'customer'}
            notes={detail.data.notes}
          />
        </div>
      ) : null}
    </>
  );
}

function useBookingAction(booking: Booking) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: BookingAction) => api.updateBooking(booking.id, action),
    onSuccess: (updated) => applyBooking(queryClient, updated, { tracksEveryChange: false }),
    onError: () => void queryClient.invalidateQueries({ queryKey: keys.booking(booking.id) }),
  });
}

function Reschedule({ booking, onDone }: { booking: Booking; onDone: () => void }) {
  const action = useBookingAction(booking);
  const dateId = useId();
  const [date, setDate] = useState(booking.date);
  const [time, setTime] = useState('');
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!time) return;
    await action.mutateAsync({ action: 'reschedule', date, time }).then(onDone, () => {});
  }
  return (
    <form className="stack subtle-box" onSubmit={onSubmit} aria-label="Reschedule">
      <div className="field">
        <label htmlFor={dateId}>New date</label>
        <input
          id={dateId}
          type="date"
          min={today()}
          value={date}
          onChange={(e) => {
            setDate(e.target.value);
            setTime('');
          }}
        />
      </div>
      <SlotPicker
        date={date}
        serviceIds={booking.services.map((s) => s.id)}
        staffId={booking.staffId ?? undefined}
        value={time}
        onChange={setTime}
        legend="New time"
      />
      {action.isError ? <ErrorNote error={errorMessage(action.error)} /> : null}
      <div className="row-end">
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Keep current time
        </button>
        <button type="submit" className="btn btn-primary" disabled={!time || action.isPending}>
          Move booking
        </button>
      </div>
    </form>
  );
}

function CustomerActions({ booking }: { booking: Booking }) {
  const action = useBookingAction(booking);
  const navigate = useNavigate();
  const [rescheduling, setRescheduling] = useState(false);
  const active = isActive(booking.status);
  return (
    <div className="stack">
      {rescheduling ? <Reschedule booking={booking} onDone={() => setRescheduling(false)} /> : null}
      {action.isError ? <ErrorNote error={errorMessage(action.error)} /> : null}
      <div className="row-actions">
        {active && !rescheduling ? (
          <button type="button" className="btn" onClick={() => setRescheduling(true)}>
            Reschedule
          </button>
        ) : null}
        {active ? (
          <button
            type="button"
            className="btn btn-danger-ghost"
            disabled={action.isPending}
            onClick={() => {
              if (window.confirm('Cancel this booking?')) action.mutate({ action: 'cancel' });
            }}
          >
            Cancel booking
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => navigate(`/support?bookingId=${encodeURIComponent(booking.id)}`)}
        >
          Ask about this booking
        </button>
      </div>
    </div>
  );
}

/** The desk adds or removes services on a live booking (longer: the stylist must be free). */
function EditServices({ booking, onDone }: { booking: Booking; onDone: () => void }) {
  const action = useBookingAction(booking);
  const services = useServices();
  const name = useId();
  const [ids, setIds] = useState(booking.services.map((s) => s.id));
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await action.mutateAsync({ action: 'set_services', serviceIds: ids }).then(onDone, () => {});
  }
  return (
    <form className="stack subtle-box" onSubmit={onSubmit} aria-label="Change services">
      {services.data ? (
        <ServicePicker services={services.data} value={ids} onChange={setIds} name={name} />
      ) : null}
      {action.isError ? <ErrorNote error={errorMessage(action.error)} /> : null}
      <div className="row-end">
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Keep services
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={ids.length === 0 || action.isPending}
        >
          Save services
        </button>
      </div>
    </form>
  );
}

function DeskActions({ booking }: { booking: Booking }) {
  const action = useBookingAction(booking);
  const [staffId, setStaffId] = useState(booking.staffId ?? '');
  const [rescheduling, setRescheduling] = useState(false);
  const [editing, setEditing] = useState(false);
  const run = (a: BookingAction) => action.mutate(a);
  const s = booking.status;
  return (
    <div className="stack">
      {action.isError ? <ErrorNote error={errorMessage(action.error)} /> : null}
      {isActive(s) ? (
        <div className="row-actions">
          <StaffSelect value={staffId} onChange={setStaffId} />
          {s === 'pending' ? (
            <button
              type="button"
              className="btn btn-primary"
              disabled={action.isPending}
              onClick={() => run({ action: 'approve', ...(staffId ? { staffId } : {}) })}
            >
              Approve
            </button>
          ) : (
            <button
              type="button"
              className="btn"
              disabled={action.isPending || !staffId || staffId === booking.staffId}
              onClick={() => run({ action: 'assign', staffId })}
            >
              Assign
            </button>
          )}
        </div>
      ) : null}
      {rescheduling ? <Reschedule booking={booking} onDone={() => setRescheduling(false)} /> : null}
      {editing ? <EditServices booking={booking} onDone={() => setEditing(false)} /> : null}
      <div className="row-actions">
        {isActive(s) && !editing ? (
          <button type="button" className="btn" onClick={() => setEditing(true)}>
            Change services
          </button>
        ) : null}
        {s === 'pending' ? (
          <ReasonAction
            label="Decline"
            confirmLabel="Decline booking"
            busy={action.isPending}
            onConfirm={(reason) => run({ action: 'decline', ...(reason ? { reason } : {}) })}
          />
        ) : null}
        {s === 'confirmed' ? (
          <>
            <button
              type="button"
              className="btn"
              disabled={action.isPending}
              onClick={() => run({ action: 'complete' })}
            >
              Mark completed
            </button>
            <button
              type="button"
              className="btn"
              disabled={action.isPending}
              onClick={() => run({ action: 'no_show' })}
            >
              No-show
            </button>
          </>
        ) : null}
        {isActive(s) && !rescheduling ? (
          <button type="button" className="btn" onClick={() => setRescheduling(true)}>
            Reschedule
          </button>
        ) : null}
        {isActive(s) ? (
          <ReasonAction
            label="Cancel booking"
            confirmLabel="Cancel booking"
            className="btn btn-danger-ghost"
            busy={action.isPending}
            onConfirm={(reason) => run({ action: 'cancel', ...(reason ? { reason } : {}) })}
          />
        ) : null}
      </div>
    </div>
  );
}

function Notes({
  bookingId,
  notes,
  canAdd,
}: {
  bookingId: string;
  notes: { id: string; authorName: string; text: string; createdAt: string }[];
  canAdd: boolean;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: (t: string) => api.addNote(bookingId, t),
    onSuccess: (note) => {
      applyNote(queryClient, note);
      setText('');
    },
  });
  return (
    <section className="card notes" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Notes</h2>
      <ul className="note-list" aria-live="polite">
        {notes.length === 0 ? <li className="muted">No notes yet.</li> : null}
        {notes.map((n) => (
          <li key={n.id} className="note" data-note-id={n.id}>
            <p>{n.text}</p>
            <small className="muted">
              {n.authorName} · {formatClock(n.createdAt)}
            </small>
          </li>
        ))}
      </ul>
      {canAdd ? (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) add.mutate(text.trim());
          }}
        >
          <label htmlFor={id}>Add a note</label>
          <textarea
            id={id}
            rows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {add.isError ? <ErrorNote error={errorMessage(add.error)} /> : null}
          <div className="row-end">
            <button type="submit" className="btn" disabled={add.isPending || !text.trim()}>
              Add note
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
