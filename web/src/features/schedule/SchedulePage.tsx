import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { channels } from '../../../../contract/channels';
import type { Booking, Schedule, ScheduleSlot } from '../../../../contract/entities';
import { addDays, gridTimes } from '../../../../contract/slots';
import { api, errorMessage, keys } from '../../lib/api';
import { formatLongDay, today } from '../../lib/format';
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
      {schedule.data ? <Grid schedule={schedule.data} /> : null}
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="cell-swatch free" /> Free
        </li>
        <li>
          <span className="cell-swatch booked" /> Booked
        </li>
        <li>
          <span className="cell-swatch off" /> Off
        </li>
      </ul>
    </>
  );
}

function Grid({ schedule }: { schedule: Schedule }) {
  const times = gridTimes(schedule.opensAt, schedule.closesAt);
  const cell = new Map<string, ScheduleSlot>();
  for (const s of schedule.slots) cell.set(`${s.staffId}|${s.time}`, s);
  const bookings = new Map<string, Booking>(schedule.bookings.map((b) => [b.id, b]));
  return (
    <div className="grid-wrap">
      <table className="schedule">
        <caption className="visually-hidden">
          Stylists' slots on {formatLongDay(schedule.date)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {schedule.staff.map((s) => (
              <th key={s.id} scope="col">
                {s.name}
                {s.off ? <span className="off-tag"> · off</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {times.map((time) => (
            <tr key={time}>
              <th scope="row">{time}</th>
              {schedule.staff.map((s) => {
                const slot = cell.get(`${s.id}|${time}`);
                const state = slot?.state ?? (s.off ? 'off' : 'free');
                const booking = slot?.bookingId ? bookings.get(slot.bookingId) : undefined;
                const starts = booking?.time === time;
                return (
                  <td
                    key={s.id}
                    className={`cell cell-${state}${booking && !starts ? ' cont' : ''}`}
                    data-testid="schedule-slot"
                    data-staff-id={s.id}
                    data-time={time}
                    data-state={state}
                  >
                    {booking && starts ? (
                      <Link to={`/desk/bookings/${booking.id}`} className="cell-booking">
                        <strong>{booking.customerName}</strong>
                        <span>{booking.serviceName}</span>
                      </Link>
                    ) : state === 'off' ? (
                      <span className="visually-hidden">off</span>
                    ) : state === 'booked' ? (
                      <span className="visually-hidden">booked</span>
                    ) : (
                      <span className="visually-hidden">free</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
