import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Booking } from '../../../../contract/entities';
import { api, errorMessage } from '../../lib/api';
import { formatLongDay, today } from '../../lib/format';
import { useBookings } from '../../lib/queries';
import { applyBooking } from '../../realtime/bookingCache';
import { byDateTime } from '../../realtime/versionedCache';
import { BookingCard } from '../../ui/BookingCard';
import { EmptyState, ErrorNote } from '../../ui/feedback';
import { ReasonAction } from '../../ui/ReasonAction';
import { StaffSelect } from '../../ui/StaffSelect';
import { useArrivals } from '../../ui/useArrivals';

function PendingActions({ booking }: { booking: Booking }) {
  const queryClient = useQueryClient();
  const [staffId, setStaffId] = useState(booking.staffId ?? '');
  const action = useMutation({
    mutationFn: (
      a: { action: 'approve'; staffId?: string } | { action: 'decline'; reason?: string },
    ) => api.updateBooking(booking.id, a),
    onSuccess: (updated) => applyBooking(queryClient, updated, { tracksEveryChange: false }),
  });
  // Done once it succeeded: the card leaves the queue with the event, never approved twice.
  const busy = action.isPending || action.isSuccess;
  return (
    <>
      <StaffSelect value={staffId} onChange={setStaffId} />
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={busy}
        onClick={() => action.mutate({ action: 'approve', ...(staffId ? { staffId } : {}) })}
      >
        Approve
      </button>
      <ReasonAction
        label="Decline"
        confirmLabel="Decline booking"
        className="btn btn-small"
        busy={busy}
        onConfirm={(reason) => action.mutate({ action: 'decline', ...(reason ? { reason } : {}) })}
      />
      {action.isError ? (
        <span className="form-error inline" role="alert">
          {errorMessage(action.error)}
        </span>
      ) : null}
    </>
  );
}

/** A stranded booking: hand it to a stylist (approving it too when it was still pending). */
function AssignStylist({ booking }: { booking: Booking }) {
  const queryClient = useQueryClient();
  const [staffId, setStaffId] = useState('');
  const action = useMutation({
    mutationFn: () =>
      api.updateBooking(
        booking.id,
        booking.status === 'pending'
          ? { action: 'approve', staffId }
          : { action: 'assign', staffId },
      ),
    onSuccess: (updated) => applyBooking(queryClient, updated, { tracksEveryChange: false }),
  });
  return (
    <>
      <StaffSelect value={staffId} onChange={setStaffId} label="New stylist" />
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={!staffId || action.isPending}
        onClick={() => action.mutate()}
      >
        Assign
      </button>
      {action.isError ? (
        <span className="form-error inline" role="alert">
          {errorMessage(action.error)}
        </span>
      ) : null}
    </>
  );
}

const newestRequestFirst = (a: Booking, b: Booking) =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export function DeskHomePage() {
  const day = today();
  const pending = useBookings({ status: 'pending' });
  const todays = useBookings({ date: day });
  const todayList = (todays.data ?? []).slice().sort(byDateTime);
  // Newest request first, however it got here (a live push or a refetch): one order, and a
  // new request slides in at the top.
  const queue = pending.data?.slice().sort(newestRequestFirst);
  const arrived = useArrivals(queue?.map((b) => b.id));
  const needs = useBookings({ needsStaff: 'true' });
  const needsList = (needs.data ?? []).slice().sort(byDateTime);
  return (
    <>
      <div className="page-head">
        <h1>Front desk</h1>
        <div className="row-actions">
          <Link to="/desk/bookings/new" className="btn btn-primary">
            New booking
          </Link>
          <Link to="/desk/schedule" className="btn">
            Open schedule
          </Link>
        </div>
      </div>
      {needsList.length > 0 ? (
        <section aria-labelledby="needs-h" className="needs-section">
          <h2 id="needs-h">
            Needs a stylist <span className="count">{needsList.length}</span>
          </h2>
          <div className="card-list" aria-live="polite">
            {needsList.map((b) => (
              <BookingCard
                key={b.id}
                booking={b}
                href={`/desk/bookings/${b.id}`}
                showCustomer
                actions={<AssignStylist booking={b} />}
              />
            ))}
          </div>
        </section>
      ) : null}
      <div className="two-col">
        <section aria-labelledby="pending-h">
          <h2 id="pending-h">
            Pending requests{' '}
            {pending.data ? <span className="count">{pending.data.length}</span> : null}
          </h2>
          {pending.isPending ? <p className="muted">Loading…</p> : null}
          {pending.isError ? (
            <ErrorNote error={errorMessage(pending.error)} onRetry={() => pending.refetch()} />
          ) : null}
          {pending.data?.length === 0 ? (
            <EmptyState>All caught up — no requests waiting.</EmptyState>
          ) : null}
          <div className="card-list queue" aria-live="polite" aria-relevant="additions">
            {queue?.map((b) => (
              <BookingCard
                key={b.id}
                booking={b}
                href={`/desk/bookings/${b.id}`}
                showCustomer
                className={arrived(b.id) ? 'slide-in' : undefined}
                actions={<PendingActions booking={b} />}
              />
            ))}
          </div>
        </section>
        <section aria-labelledby="today-h">
          <h2 id="today-h">Today · {formatLongDay(day)}</h2>
          {todays.isPending ? <p className="muted">Loading…</p> : null}
          {todays.isError ? (
            <ErrorNote error={errorMessage(todays.error)} onRetry={() => todays.refetch()} />
          ) : null}
          {todays.data?.length === 0 ? <EmptyState>No bookings today.</EmptyState> : null}
          <div className="card-list">
            {todayList.map((b) => (
              <BookingCard key={b.id} booking={b} href={`/desk/bookings/${b.id}`} showCustomer />
            ))}
          </div>
        </section>
      </div>
    </>
  );
}
