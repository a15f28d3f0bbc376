import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { Branch, WeekHours } from '../../../../contract/entities';
import { WEEKDAYS, type Weekday } from '../../../../contract/slots';
import { api, errorMessage, keys } from '../../lib/api';
import { formatLongDay, formatPrice, formatTime, setFormatBranch, today } from '../../lib/format';
import { useBranch } from '../../session/branch';
import { ErrorNote } from '../../ui/feedback';

// The owner's branch settings (docs/architecture.md §6): name, time zone, locale, currency,
// opening hours per weekday (a day may be closed) and how far ahead customers may book.

const DAY_LABEL: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const WEEK: Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];
const GRID = Array.from(
  { length: 48 },
  (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
);
const ZONES: string[] = (() => {
  const supported = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  return supported ? supported('timeZone') : [];
})();

export function BranchSettingsPage() {
  const branch = useBranch();
  if (!branch.data) return null;
  return <SettingsForm branch={branch.data} />;
}

function SettingsForm({ branch }: { branch: Branch }) {
  const queryClient = useQueryClient();
  const ids = {
    name: useId(),
    zone: useId(),
    zones: useId(),
    locale: useId(),
    currency: useId(),
    horizon: useId(),
  };
  const [draft, setDraft] = useState(branch);
  const save = useMutation({
    mutationFn: () =>
      api.updateBranch({
        name: draft.name,
        timeZone: draft.timeZone,
        locale: draft.locale,
        currency: draft.currency.toUpperCase(),
        hours: draft.hours,
        bookingHorizonDays: draft.bookingHorizonDays,
      }),
    onSuccess: (saved) => {
      setFormatBranch(saved);
      queryClient.setQueryData(keys.branch, saved);
      // Every date, time, price and free time on screen follows the new settings.
      void queryClient.invalidateQueries();
    },
  });
  const setDay = (day: Weekday, hours: WeekHours[Weekday]) =>
    setDraft({ ...draft, hours: { ...draft.hours, [day]: hours } });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <>
      <div className="page-head">
        <h1>Branch settings</h1>
      </div>
      <form className="card stack form-wide" onSubmit={onSubmit} aria-label="Branch settings">
        <div className="row">
          <div className="field">
            <label htmlFor={ids.name}>Name</label>
            <input
              id={ids.name}
              required
              maxLength={100}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.zone}>Time zone</label>
            <input
              id={ids.zone}
              required
              list={ids.zones}
              value={draft.timeZone}
              aria-describedby={`${ids.zone}-hint`}
              onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}
            />
            <datalist id={ids.zones}>
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <small id={`${ids.zone}-hint`} className="muted">
              IANA name, e.g. Europe/Dublin. "Today" and "now" are the branch's, wherever staff and
              customers are.
            </small>
          </div>
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor={ids.locale}>Locale</label>
            <input
              id={ids.locale}
              required
              value={draft.locale}
              aria-describedby={`${ids.locale}-hint`}
              onChange={(e) => setDraft({ ...draft, locale: e.target.value })}
            />
            <small id={`${ids.locale}-hint`} className="muted">
              e.g. en-IE (24-hour clock) or en-US (12-hour)
            </small>
          </div>
          <div className="field">
            <label htmlFor={ids.currency}>Currency</label>
            <input
              id={ids.currency}
              required
              maxLength={3}
              value={draft.currency}
              onChange={(e) => setDraft({ ...draft, currency: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.horizon}>Bookable days ahead</label>
            <input
              id={ids.horizon}
              type="number"
              min={1}
              max={730}
              required
              value={draft.bookingHorizonDays}
              onChange={(e) =>
                setDraft({ ...draft, bookingHorizonDays: Number(e.target.value) || 1 })
              }
            />
          </div>
        </div>
        <fieldset>
          <legend>Opening hours</legend>
          <table className="hours-table">
            <tbody>
              {WEEK.map((day) => {
                const hours = draft.hours[day];
                return (
                  <tr key={day}>
                    <th scope="row">{DAY_LABEL[day]}</th>
                    <td>
                      <label>
                        <input
                          type="checkbox"
                          checked={hours !== null}
                          onChange={(e) =>
                            setDay(day, e.target.checked ? { open: '09:00', close: '18:00' } : null)
                          }
                        />{' '}
                        Open
                      </label>
                    </td>
                    <td>
                      {hours ? (
                        <>
                          <label className="visually-hidden" htmlFor={`${ids.name}-${day}-open`}>
                            {DAY_LABEL[day]} opens
                          </label>
                          <select
                            id={`${ids.name}-${day}-open`}
                            value={hours.open}
                            onChange={(e) => setDay(day, { ...hours, open: e.target.value })}
                          >
                            {GRID.map((t) => (
                              <option key={t} value={t}>
                                {formatTime(t)}
                              </option>
                            ))}
                          </select>
                          {' – '}
                          <label className="visually-hidden" htmlFor={`${ids.name}-${day}-close`}>
                            {DAY_LABEL[day]} closes
                          </label>
                          <select
                            id={`${ids.name}-${day}-close`}
                            value={hours.close}
                            onChange={(e) => setDay(day, { ...hours, close: e.target.value })}
                          >
                            {GRID.map((t) => (
                              <option key={t} value={t}>
                                {formatTime(t)}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : (
                        <span className="muted">Closed</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
        <p className="muted" data-testid="branch-today">
          Today at the branch: {formatLongDay(today())} · prices read like {formatPrice(3500)}
        </p>
        {save.isError ? <ErrorNote error={errorMessage(save.error)} /> : null}
        {save.isSuccess && !save.isPending ? (
          <p role="status" className="ok-note">
            Settings saved.
          </p>
        ) : null}
        <div className="row-end">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            Save settings
          </button>
        </div>
      </form>
    </>
  );
}
