import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { channels } from '../../../../contract/channels';
import type { Booking, Schedule, ScheduleSlot } from '../../../../contract/entities';
import {
  addDays,
  coveredTimes,
  fromMinutes,
  gridTimes,
  SLOT_MINUTES,
  toMinutes,
} from '../../../../contract/slots';
import { api, errorMessage, keys } from '../../lib/api';
import {
  formatDuration,
  formatLongDay,
  formatTime,
  nowMinutes,
  serviceNames,
  today,
} from '../../lib/format';
import { applySlot, applyStaffOff } from '../../realtime/bookingCache';
import { LiveChannel, type LiveEvent } from '../../realtime/LiveChannel';
import { ErrorNote } from '../../ui/feedback';
import './schedule.css';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function SchedulePage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('date') ?? '';
  const date = ISO_DAY.test(raw) ? raw : today();
  const queryClient = useQueryClient();
  const dateId = useId();
  const schedule = useQuery({ queryKey: keys.schedule(date), queryFn: () => api.schedule(date) });

  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.name === 'slot.booked' || event.name === 'slot.released')
        applySlot(queryClient, {
          ...event.data,
          kind: event.name === 'slot.booked' ? 'booked' : 'released',
        });
      else if (event.name === 'staff.off') applyStaffOff(queryClient, event.data);
    },
    [queryClient],
  );
  const onResync = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: keys.schedule(date) }),
    [queryClient, date],
  );
  const go = (d: string) => setParams({ date: d });

  return (
    <>
      <div className="page-head">
        <h1>Schedule</h1>
        <div className="row-actions">
          <button type="button" className="btn btn-small" onClick={() => go(addDays(date, -1))}>
            ← Previous day
          </button>
          <label htmlFor={dateId} className="visually-hidden">
            Date
          </label>
          <input
            id={dateId}
            type="date"
            value={date}
            onChange={(e) => e.target.value && go(e.target.value)}
          />
          <button type="button" className="btn btn-small" onClick={() => go(today())}>
            Today
          </button>
          <button type="button" className="btn btn-small" onClick={() => go(addDays(date, 1))}>
            Next day →
          </button>
        </div>
      </div>
      <p className="muted">{formatLongDay(date)}</p>
      <LiveChannel channel={channels.adminSchedule(date)} onEvent={onEvent} onResync={onResync} />
      {schedule.isPending ? <p className="muted">Loading schedule…</p> : null}
      {schedule.isError ? (
        <ErrorNote error={errorMessage(schedule.error)} onRetry={() => schedule.refetch()} />
      ) : null}
      {schedule.data?.closed ? (
        <p className="empty">The salon is closed on this day.</p>
      ) : schedule.data ? (
        <Grid schedule={schedule.data} />
      ) : null}
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="cell-swatch free" /> Free
        </li>
        <li>
          <span className="cell-swatch pending" /> Pending
        </li>
        <li>
          <span className="cell-swatch confirmed" /> Confirmed
        </li>
        <li>
          <span className="cell-swatch completed" /> Completed
        </li>
        <li>
          <span className="cell-swatch no_show" /> No-show
        </li>
        <li>
          <span className="cell-swatch needs" /> Needs a stylist
        </li>
        <li>
          <span className="cell-swatch off" /> Off
        </li>
      </ul>
    </>
  );
}

/** Re-renders every minute (the "now" line, past cells). */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

const BLOCK_LABEL: Record<Booking['status'], string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  completed: 'Completed',
  no_show: 'No-show',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

function NeedsStylist({ bookings }: { bookings: Booking[] }) {
  if (bookings.length === 0) return null;
  return (
    <section className="needs-lane" aria-labelledby="needs-h">
      <h2 id="needs-h">
        Needs a stylist <span className="count">{bookings.length}</span>
      </h2>
      <ul>
        {bookings.map((b) => (
          <li key={b.id}>
            <Link
              to={`/desk/bookings/${b.id}`}
              className="block block-needs"
              data-testid="needs-stylist"
              data-booking-id={b.id}
            >
              <strong>
                {formatTime(b.time)} · {b.customerName}
              </strong>
              <span>
                {serviceNames(b)} · {formatDuration(b.durationMin)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Grid({ schedule }: { schedule: Schedule }) {
  const now = useNow();
  const times = gridTimes(schedule.opensAt, schedule.closesAt);
  const cell = new Map<string, ScheduleSlot>();
  for (const s of schedule.slots) cell.set(`${s.staffId}|${s.time}`, s);
  const bookings = new Map<string, Booking>(schedule.bookings.map((b) => [b.id, b]));
  const isToday = schedule.date === today(now);
  const minutes = nowMinutes(now);
  const past = schedule.date < today(now);
  const nowRow = isToday
    ? times.find((t) => minutes >= toMinutes(t) && minutes < toMinutes(t) + SLOT_MINUTES)
    : undefined;
  const nowAt = nowRow ? (minutes - toMinutes(nowRow)) / SLOT_MINUTES : 0;
  const needs = schedule.bookings.filter(
    (b) => b.needsStaff && b.status !== 'cancelled' && b.status !== 'declined',
  );
  return (
    <>
      <NeedsStylist bookings={needs} />
      <p className="scroll-hint" aria-hidden="true">
        Swipe sideways for more stylists →
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="grid-wrap" aria-label="Schedule grid" tabIndex={0}>
        <table
          className="schedule"
          style={{ '--cols': schedule.staff.length } as React.CSSProperties}
        >
          <caption className="visually-hidden">
            Stylists' slots on {formatLongDay(schedule.date)}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="time-col">
                Time
              </th>
              {schedule.staff.map((s) => (
                <th key={s.id} scope="col">
                  {s.name}
                  {s.off ? <span className="off-tag"> · off</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {times.map((time) => {
              const isNowRow = time === nowRow;
              const cellPast = past || (isToday && toMinutes(time) + SLOT_MINUTES <= minutes);
              return (
                <tr key={time} className={isNowRow ? 'now-row' : undefined}>
                  <th scope="row" className="time-col">
                    {formatTime(time)}
                    {isNowRow ? (
                      <span
                        className="now-line"
                        data-testid="now-line"
                        style={{ '--at': nowAt } as React.CSSProperties}
                      >
                        <span className="visually-hidden">Now</span>
                      </span>
                    ) : null}
                  </th>
                  {schedule.staff.map((s) => {
                    const slot = cell.get(`${s.id}|${time}`);
                    const state = slot?.state ?? (s.off ? 'off' : 'free');
                    const booking = slot?.bookingId ? bookings.get(slot.bookingId) : undefined;
                    const starts = booking?.time === time;
                    const cells = booking ? coveredTimes(booking).length : 1;
                    return (
                      <td
                        key={s.id}
                        className={`cell cell-${state}${booking && !starts ? ' cont' : ''}${cellPast && state === 'free' ? ' cell-past' : ''}`}
                        data-testid="schedule-slot"
                        data-staff-id={s.id}
                        data-time={time}
                        data-state={state}
                      >
                        {isNowRow ? (
                          <span
                            className="now-line"
                            aria-hidden="true"
                            style={{ '--at': nowAt } as React.CSSProperties}
                          />
                        ) : null}
                        {booking && starts ? (
                          <Link
                            to={`/desk/bookings/${booking.id}`}
                            className={`block block-${booking.status}${cells === 1 ? ' block-short' : ''}`}
                            data-booking-id={booking.id}
                            data-status={booking.status}
                            style={{ '--cells': cells } as React.CSSProperties}
                          >
                            <strong>{booking.customerName}</strong>
                            <span>{serviceNames(booking)}</span>
                            <span className="block-meta">
                              {formatTime(booking.time)}–
                              {formatTime(
                                fromMinutes(toMinutes(booking.time) + booking.durationMin),
                              )}{' '}
                              · {BLOCK_LABEL[booking.status]}
                            </span>
                          </Link>
                        ) : state === 'off' ? (
                          <span className="visually-hidden">off</span>
                        ) : state === 'booked' ? (
                          <span className="visually-hidden">booked</span>
                        ) : cellPast ? (
                          <span className="visually-hidden">free</span>
                        ) : (
                          <Link
                            className="cell-add"
                            to={`/desk/bookings/new?${new URLSearchParams({ staffId: s.id, date: schedule.date, time })}`}
                          >
                            <span className="visually-hidden">
                              free — book {s.name} at {formatTime(time)}
                            </span>
                          </Link>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}
