import { isActive } from '../../../../contract/rules';
import { errorMessage } from '../../lib/api';
import { formatLongDay, today } from '../../lib/format';
import { useBookings } from '../../lib/queries';
import { byDateTime } from '../../realtime/versionedCache';
import { useUser } from '../../session/session';
import { BookingCard } from '../../ui/BookingCard';
import { EmptyState, ErrorNote } from '../../ui/feedback';
import { useArrivals } from '../../ui/useArrivals';

export function StaffDayPage() {
  const user = useUser();
  const bookings = useBookings(user.staffId ? { staffId: user.staffId } : {});
  const day = today();
  const list = (bookings.data ?? []).slice().sort(byDateTime);
  const todays = list.filter((b) => b.date === day);
  const upcoming = list.filter((b) => b.date > day && isActive(b.status));
  const arrived = useArrivals(bookings.data?.map((b) => b.id));
  return (
    <>
      <div className="page-head">
        <h1>My day</h1>
        <p className="muted">{formatLongDay(day)}</p>
      </div>
      {bookings.isPending ? <p className="muted">Loading your appointments…</p> : null}
      {bookings.isError ? (
        <ErrorNote error={errorMessage(bookings.error)} onRetry={() => bookings.refetch()} />
      ) : null}
      <section aria-labelledby="today-h">
        <h2 id="today-h">Today</h2>
        {bookings.data && todays.length === 0 ? (
          <EmptyState>No appointments today.</EmptyState>
        ) : null}
        <div className="card-list timeline" aria-live="polite">
          {todays.map((b) => (
            <BookingCard
              key={b.id}
              booking={b}
              href={`/staff/bookings/${b.id}`}
              showCustomer
              showStaff={false}
              className={arrived(b.id) ? 'slide-in' : undefined}
            />
          ))}
        </div>
      </section>
      <section aria-labelledby="next-h">
        <h2 id="next-h">Coming up</h2>
        {bookings.data && upcoming.length === 0 ? (
          <EmptyState>Nothing else booked yet.</EmptyState>
        ) : null}
        <div className="card-list">
          {upcoming.map((b) => (
            <BookingCard
              key={b.id}
              booking={b}
              href={`/staff/bookings/${b.id}`}
              showCustomer
              showStaff={false}
            />
          ))}
        </div>
      </section>
    </>
  );
}
