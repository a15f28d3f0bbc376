import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Customer } from '../../../../contract/entities';
import { addDays } from '../../../../contract/slots';
import { api, errorMessage, isApiError, keys } from '../../lib/api';
import { formatLongDay, formatTime, today } from '../../lib/format';
import { useStaffList } from '../../lib/queries';
import { applyBooking } from '../../realtime/bookingCache';
import { useBranch } from '../../session/branch';
import { ErrorNote } from '../../ui/feedback';
import { chosenServices, ServiceLines, ServicePicker } from '../../ui/ServicePicker';
import { StaffSelect } from '../../ui/StaffSelect';
import { toast } from '../../ui/toasts';
import { dayProblem } from './days';
import { useServices } from './hooks';
import { SlotPicker } from './SlotPicker';
import './bookings.css';

// The desk books for a customer — found as they type, or added on the spot for a phone
// caller — with one or more services. Confirmed at once (docs/architecture.md §6). A free
// schedule cell opens this page with `?staffId=&date=&time=`; "Walk-in now" takes the next
// free start today.

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const GRID_TIME = /^([01]\d|2[0-3]):(00|30)$/;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

function CustomerPicker({
  value,
  onChange,
}: {
  value: Customer | null;
  onChange: (c: Customer | null) => void;
}) {
  const ids = { q: useId(), name: useId(), phone: useId(), email: useId() };
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ name: '', phone: '', email: '' });
  const term = useDebounced(q.trim(), 200);
  const results = useQuery({
    queryKey: keys.customers(term),
    queryFn: () => api.customers(term),
    enabled: term.length >= 2 && !value,
    staleTime: 10_000,
  });
  const add = useMutation({
    mutationFn: () =>
      api.createCustomer({
        name: draft.name.trim(),
        ...(draft.phone.trim() ? { phone: draft.phone.trim() } : {}),
        ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
      }),
    onSuccess: (customer) => {
      setAdding(false);
      onChange(customer);
    },
  });

  if (value) {
    return (
      <fieldset className="subtle-box">
        <legend>Customer</legend>
        <p data-testid="chosen-customer">
          <strong>{value.name}</strong>
          {value.phone ? ` · ${value.phone}` : ''}
          {value.email ? ` · ${value.email}` : ''}
          {value.hasAccount ? '' : ' · no account'}
        </p>
        <button type="button" className="btn btn-small" onClick={() => onChange(null)}>
          Change customer
        </button>
      </fieldset>
    );
  }
  return (
    <fieldset className="subtle-box">
      <legend>Customer</legend>
      <div className="field">
        <label htmlFor={ids.q}>Find a customer</label>
        <input
          id={ids.q}
          type="search"
          autoComplete="off"
          placeholder="Name, phone or email"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <ul className="customer-results" aria-live="polite" aria-label="Matching customers">
        {results.data?.map((c) => (
          <li key={c.id}>
            <button type="button" className="btn btn-small" onClick={() => onChange(c)}>
              {c.name}
              {c.phone ? ` · ${c.phone}` : ''}
              {c.email ? ` · ${c.email}` : ''}
            </button>
          </li>
        ))}
        {results.data?.length === 0 ? (
          <li className="muted">No customer matches “{term}”.</li>
        ) : null}
      </ul>
      {adding ? (
        <fieldset className="stack">
          <legend>New customer</legend>
          <div className="row">
            <div className="field">
              <label htmlFor={ids.name}>Name</label>
              <input
                id={ids.name}
                value={draft.name}
                maxLength={100}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.phone}>Phone</label>
              <input
                id={ids.phone}
                type="tel"
                value={draft.phone}
                maxLength={32}
                onChange={(e) => setDraft({ ...draft, phone: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.email}>Email (optional)</label>
              <input
                id={ids.email}
                type="email"
                value={draft.email}
                maxLength={254}
                onChange={(e) => setDraft({ ...draft, email: e.target.value })}
              />
            </div>
          </div>
          {add.isError ? <ErrorNote error={errorMessage(add.error)} /> : null}
          <div className="row-end">
            <button type="button" className="btn btn-ghost" onClick={() => setAdding(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={
                !draft.name.trim() || (!draft.phone.trim() && !draft.email.trim()) || add.isPending
              }
              onClick={() => add.mutate()}
            >
              Add customer
            </button>
          </div>
        </fieldset>
      ) : (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setAdding(true);
            setDraft({ name: /\d/.test(q) ? '' : q, phone: /\d/.test(q) ? q : '', email: '' });
          }}
        >
          New customer
        </button>
      )}
    </fieldset>
  );
}

export function NewDeskBookingPage() {
  const [params] = useSearchParams();
  const services = useServices();
  const staff = useStaffList();
  const branch = useBranch().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const ids = { date: useId(), note: useId(), service: useId() };
  const param = (name: string, valid: RegExp) => {
    const v = params.get(name) ?? '';
    return valid.test(v) ? v : '';
  };
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [date, setDate] = useState(param('date', ISO_DAY) || today());
  const [staffId, setStaffId] = useState(params.get('staffId') ?? '');
  const [time, setTime] = useState(param('time', GRID_TIME));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = chosenServices(services.data ?? [], serviceIds);
  const problem = branch ? dayProblem(branch, date) : null;

  async function walkInNow() {
    setError(null);
    if (serviceIds.length === 0) {
      setError('Choose the services first, then “Walk-in now” finds the next free start.');
      return;
    }
    const day = today();
    const times = await api.availability({ date: day, serviceIds, staffId: staffId || undefined });
    setDate(day);
    if (times[0]) setTime(times[0].time);
    else setError('Nobody is free for that today.');
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const missing = !customer
      ? 'Choose or add the customer.'
      : serviceIds.length === 0
        ? 'Choose a service.'
        : (problem ?? (!time ? 'Choose a time.' : null));
    if (missing) {
      setError(missing);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const booking = await api.createBooking({
        serviceIds,
        date,
        time,
        customerId: customer!.id,
        ...(staffId ? { staffId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      applyBooking(queryClient, booking, { tracksEveryChange: false });
      toast(`Booked ${booking.customerName} with ${booking.staffName ?? 'a stylist'}`, {
        tone: 'success',
      });
      navigate(`/desk/bookings/${booking.id}`);
    } catch (e) {
      setBusy(false);
      if (isApiError(e, 'SLOT_TAKEN')) {
        setTime('');
        void queryClient.invalidateQueries({ queryKey: ['availability'] });
      }
      setError(errorMessage(e));
    }
  }

  const staffName = staff.data?.find((s) => s.id === staffId)?.name;
  return (
    <>
      <div className="page-head">
        <h1>New booking</h1>
        <button type="button" className="btn" onClick={() => void walkInNow()}>
          Walk-in now
        </button>
      </div>
      <form className="card stack form-wide" onSubmit={onSubmit} aria-label="New booking">
        <CustomerPicker value={customer} onChange={setCustomer} />
        {services.data ? (
          <ServicePicker
            services={services.data}
            value={serviceIds}
            name={ids.service}
            onChange={(next) => setServiceIds(next)}
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
              onChange={(e) => {
                setDate(e.target.value);
                setTime('');
              }}
            />
          </div>
          <StaffSelect
            layout="field"
            label="Stylist"
            anyLabel="Any stylist"
            value={staffId}
            onChange={(id) => {
              setStaffId(id);
              setTime('');
            }}
          />
        </div>
        {problem ? (
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
            onDateChange={(d) => {
              setDate(d);
              setTime('');
            }}
          />
        ) : (
          <p className="muted">Choose the services to see free times.</p>
        )}
        <div className="field">
          <label htmlFor={ids.note}>Note (optional)</label>
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
              {customer ? `${customer.name} · ` : ''}
              {formatLongDay(date)}
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
          <Link to="/desk" className="btn btn-ghost">
            Back
          </Link>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Booking…' : 'Book'}
          </button>
        </div>
      </form>
    </>
  );
}
