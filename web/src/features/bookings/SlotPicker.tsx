import { useId } from 'react';
import { errorMessage } from '../../lib/api';
import { ErrorNote } from '../../ui/feedback';
import { useAvailability } from './hooks';
import './bookings.css';

/** Free start times for a day as a radio group (keyboard: arrows move, space selects). */
export function SlotPicker({
  date,
  serviceId,
  staffId,
  value,
  onChange,
  legend = 'Time',
}: {
  date: string;
  serviceId: string;
  staffId?: string;
  value: string;
  onChange: (time: string) => void;
  legend?: string;
}) {
  const name = useId();
  const availability = useAvailability(date, serviceId, staffId);
  if (!date || !serviceId) return null;
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
      {availability.data && availability.data.length === 0 ? (
        <p className="muted">No free times that day. Try another day or any stylist.</p>
      ) : null}
      <div className="slot-grid">
        {availability.data?.map((slot) => (
          <label key={slot.time} className={`slot-chip${value === slot.time ? ' selected' : ''}`}>
            <input
              type="radio"
              name={name}
              value={slot.time}
              checked={value === slot.time}
              onChange={() => onChange(slot.time)}
            />
            {slot.time}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
