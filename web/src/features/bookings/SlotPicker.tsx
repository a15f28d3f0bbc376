import { useEffect, useId } from 'react';
import { errorMessage } from '../../lib/api';
import { formatDay, formatTime } from '../../lib/format';
import { ErrorNote } from '../../ui/feedback';
import { useAvailability, useNextFreeDay } from './hooks';
import './bookings.css';

/**
 * Free start times for a day as a radio group (keyboard: arrows move, space selects). A full
 * day offers the next day with free times (`onDateChange`).
 */
export function SlotPicker({
  date,
  serviceId,
  serviceIds,
  staffId,
  value,
  onChange,
  onDateChange,
  legend = 'Time',
}: {
  date: string;
  serviceId?: string;
  serviceIds?: readonly string[];
  staffId?: string | undefined;
  value: string;
  onChange: (time: string) => void;
  onDateChange?: (date: string) => void;
  legend?: string;
}) {
  const name = useId();
  const ids = serviceIds ?? (serviceId ? [serviceId] : []);
  const availability = useAvailability(date, ids, staffId);
  const full = availability.data?.length === 0;
  const next = useNextFreeDay(date, ids, staffId, full && Boolean(onDateChange));
  // A chosen (or pre-filled) time that is not free for this choice is no choice at all.
  useEffect(() => {
    if (value && availability.data && !availability.data.some((s) => s.time === value)) {
      onChange('');
    }
  }, [value, availability.data, onChange]);
  if (!date || ids.length === 0) return null;
  return (
    <fieldset className="slots">
      <legend>{legend}</legend>
      {availability.isPending ? <p className="muted">Finding free times…</p> : null}
      {availability.isError ? (
        <ErrorNote
          error={errorMessage(availability.error)}
          onRetry={() => availability.refetch()}
        />
      ) : null}
      {full ? (
        <div className="muted" role="status">
          No free times that day.{' '}
          {next.data && onDateChange ? (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onDateChange(next.data!.date)}
            >
              Next free day: {formatDay(next.data.date)} from {formatTime(next.data.times[0]!.time)}
            </button>
          ) : next.data === null ? (
            'Nothing free in the next month with this choice.'
          ) : !onDateChange ? (
            'Try another day or any stylist.'
          ) : null}
        </div>
      ) : null}
      <div className="slot-grid">
        {availability.data?.map((slot) => (
          <label key={slot.time} className={`slot-chip${value === slot.time ? ' selected' : ''}`}>
            <input
              type="radio"
              name={name}
              value={slot.time}
              aria-label={slot.time}
              checked={value === slot.time}
              onChange={() => onChange(slot.time)}
            />
            {formatTime(slot.time)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
