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

export function DeskHomePage() {
  const day = today();
  const pending = useBookings({ status: 'pending' });
  const todays = useBookings({ date: day });
  const todayList = (todays.data ?? []).slice().sort(byDateTime);
  const arrived = useArrivals(pending.data?.map((b) => b.id));
  return (
    <>
      <div className="page-head">
        <h1>Front desk</h1>
        <Link to="/desk/schedule" className="btn">
          Open schedule
        </Link>
      </div>
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
            {pending.data?.map((b) => (
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
