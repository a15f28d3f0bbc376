import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { isActive } from '../../../../contract/rules';
import { addDays } from '../../../../contract/slots';
import { api, errorMessage, isApiError } from '../../lib/api';
import { formatDay, formatLongDay, formatTime, today } from '../../lib/format';
import { useBookings, useStaffList } from '../../lib/queries';
import { applyBooking } from '../../realtime/bookingCache';
import { useReauthorize } from '../../realtime/RealtimeProvider';
import { byDateTime } from '../../realtime/versionedCache';
import { useBranch } from '../../session/branch';
import { BookingCard } from '../../ui/BookingCard';
import { EmptyState, ErrorNote } from '../../ui/feedback';
import { chosenServices, ServiceLines, ServicePicker } from '../../ui/ServicePicker';
import { StaffSelect } from '../../ui/StaffSelect';
import { dayProblem, openDays } from './days';
import { useServices } from './hooks';
import { SlotPicker } from './SlotPicker';
import './bookings.css';

export function BookingsPage() {
  const bookings = useBookings();
  const list = bookings.data ?? [];
  const upcoming = list.filter((b) => isActive(b.status)).sort(byDateTime);
  const past = list.filter((b) => !isActive(b.status)).sort((a, b) => byDateTime(b, a));
  return (
    <>
      <div className="page-head">
        <h1>My bookings</h1>
        <Link to="/bookings/new" className="btn btn-primary">
          Book an appointment
        </Link>
      </div>
      {bookings.isPending ? <p className="muted">Loading your bookings…</p> : null}
      {bookings.isError ? (
        <ErrorNote error={errorMessage(bookings.error)} onRetry={() => bookings.refetch()} />
      ) : null}
      {bookings.data ? (
        <>
          <section aria-labelledby="upcoming-h">
            <h2 id="upcoming-h">Upcoming</h2>
            {upcoming.length === 0 ? (
              <EmptyState>
                Nothing booked yet. <Link to="/bookings/new">Book your next visit</Link>.
              </EmptyState>
            ) : (
              <div className="card-list">
                {upcoming.map((b) => (
                  <BookingCard key={b.id} booking={b} href={`/bookings/${b.id}`} />
                ))}
              </div>
            )}
          </section>
          {past.length > 0 ? (
            <section aria-labelledby="past-h">
              <h2 id="past-h">Past and cancelled</h2>
              <div className="card-list">
                {past.map((b) => (
                  <BookingCard
                    key={b.id}
                    booking={b}
                    href={`/bookings/${b.id}`}
                    className="muted-card"
                  />
                ))}
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function NewBookingPage() {
  const services = useServices();
  const staff = useStaffList();
  const branch = useBranch().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const reauthorize = useReauthorize();
  const ids = { date: useId(), note: useId(), service: useId() };
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [date, setDate] = useState(() =>
    branch ? (openDays(branch, addDays(today(), 1), 1)[0] ?? addDays(today(), 1)) : '',
  );
  const [staffId, setStaffId] = useState('');
  const [time, setTime] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = chosenServices(services.data ?? [], serviceIds);
  const problem = branch ? dayProblem(branch, date) : null;
  // A message about the form goes as soon as the person changes what it was about.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the choices are the triggers
  useEffect(() => setError(null), [serviceIds, date, time, staffId]);
  const pickDate = (d: string) => {
    setDate(d);
    setTime('');
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (serviceIds.length === 0 || !time || problem) {
      setError(
        serviceIds.length === 0 ? 'Please choose a service.' : (problem ?? 'Please choose a time.'),
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const booking = await api.createBooking({
        serviceIds,
        date,
        time,
        ...(staffId ? { staffId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      applyBooking(queryClient, booking, { tracksEveryChange: false });
      // The new token carries `booking:{id}`; get it before the detail page subscribes.
      await reauthorize();
      navigate(`/bookings/${booking.id}`, { replace: true, state: { requestSent: true } });
    } catch (e) {
      setBusy(false);
      if (isApiError(e, 'SLOT_TAKEN', 'CONFLICT')) {
        setTime('');
        void queryClient.invalidateQueries({ queryKey: ['availability'] });
        setError('That time was just taken. Please pick another one.');
      } else setError(errorMessage(e));
    }
  }

  const upcoming = branch ? openDays(branch, today(), 7) : [];
  const staffName = staff.data?.find((s) => s.id === staffId)?.name;
  return (
    <>
      <div className="page-head">
        <h1>Book an appointment</h1>
      </div>
      <form className="card stack form-wide" onSubmit={onSubmit}>
        {services.isPending ? <p className="muted">Loading services…</p> : null}
        {services.isError ? <ErrorNote error={errorMessage(services.error)} /> : null}
        {services.data ? (
          <ServicePicker
            services={services.data}
            value={serviceIds}
            name={ids.service}
            onChange={(next) => {
              setServiceIds(next);
              setTime('');
            }}
          />
        ) : null}
        <div className="row">
          <div className="field">
            <label htmlFor={ids.date}>Date</label>
            <input
              id={ids.date}
              type="date"
              value={date}
              min={today()}
              max={branch ? addDays(today(), branch.bookingHorizonDays) : undefined}
              required
              aria-describedby={`${ids.date}-days`}
              onChange={(e) => pickDate(e.target.value)}
            />
          </div>
          <StaffSelect
            layout="field"
            label="Stylist (optional)"
            anyLabel="Any stylist"
            value={staffId}
            onChange={(id) => {
              setStaffId(id);
              setTime('');
            }}
          />
        </div>
        <div id={`${ids.date}-days`}>
          <span className="muted">Open days: </span>
          <div className="open-days">
            {upcoming.map((d) => (
              <button
                key={d}
                type="button"
                className={`btn btn-small${d === date ? ' btn-primary' : ''}`}
                aria-pressed={d === date}
                onClick={() => pickDate(d)}
              >
                {formatDay(d)}
              </button>
            ))}
          </div>
        </div>
        {problem && date ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : serviceIds.length > 0 ? (
          <SlotPicker
            date={date}
            serviceIds={serviceIds}
            staffId={staffId || undefined}
            value={time}
            onChange={setTime}
            onDateChange={pickDate}
          />
        ) : (
          <p className="muted">Choose a service to see free times.</p>
        )}
        <div className="field">
          <label htmlFor={ids.note}>Note for the salon (optional)</label>
          <textarea
            id={ids.note}
            rows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        {chosen.length > 0 ? (
          <section className="booking-summary" aria-labelledby={`${ids.service}-sum`}>
            <h2 id={`${ids.service}-sum`}>Summary</h2>
            <ServiceLines services={chosen} />
            <p>
              {date && !problem ? formatLongDay(date) : 'Choose a day'}
              {time ? ` at ${formatTime(time)}` : ''} · {staffName ?? 'any stylist'}
            </p>
          </section>
        ) : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="row-end">
          <Link to="/bookings" className="btn btn-ghost">
            Back
          </Link>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Booking…' : 'Request booking'}
          </button>
        </div>
      </form>
    </>
  );
}
