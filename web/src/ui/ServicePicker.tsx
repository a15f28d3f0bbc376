import type { BookingService, Service } from '../../../contract/entities';
import { MAX_BOOKING_SERVICES } from '../../../contract/limits';
import { formatDuration, formatPrice } from '../lib/format';

/**
 * Services for a booking: one main service (a radio group, "Service") and up to four more
 * ("Add more services", checkboxes). `value` is the ordered list of ids, main service first.
 */
export function ServicePicker({
  services,
  value,
  onChange,
  name,
}: {
  services: readonly Service[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  name: string;
}) {
  const [main, ...extras] = value;
  const full = value.length >= MAX_BOOKING_SERVICES;
  const setMain = (id: string) => onChange([id, ...extras.filter((x) => x !== id)]);
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...extras, id] : extras.filter((x) => x !== id);
    // Keep the catalogue's order for the extras (the order they are done in).
    const order = services.map((s) => s.id);
    next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    onChange(main ? [main, ...next] : next);
  };
  return (
    <>
      <fieldset className="services">
        <legend>Service</legend>
        <div className="service-grid">
          {services.map((s) => (
            <label key={s.id} className={`service-option${main === s.id ? ' selected' : ''}`}>
              <input
                type="radio"
                name={name}
                value={s.id}
                checked={main === s.id}
                onChange={() => setMain(s.id)}
              />
              <span className="service-name">{s.name}</span>
              <span className="service-meta">
                {formatDuration(s.durationMin)} · {formatPrice(s.priceCents)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {main ? (
        <fieldset className="services">
          <legend>
            Add more services{' '}
            <span className="muted">(optional, up to {MAX_BOOKING_SERVICES} in all)</span>
          </legend>
          <div className="service-grid">
            {services
              .filter((s) => s.id !== main)
              .map((s) => {
                const on = extras.includes(s.id);
                return (
                  <label key={s.id} className={`service-option${on ? ' selected' : ''}`}>
                    <input
                      type="checkbox"
                      value={s.id}
                      checked={on}
                      disabled={!on && full}
                      onChange={(e) => toggle(s.id, e.target.checked)}
                    />
                    <span className="service-name">+ {s.name}</span>
                    <span className="service-meta">
                      {formatDuration(s.durationMin)} · {formatPrice(s.priceCents)}
                    </span>
                  </label>
                );
              })}
          </div>
        </fieldset>
      ) : null}
    </>
  );
}

/** The services of a booking with their prices and the total. */
export function ServiceLines({ services }: { services: readonly BookingService[] }) {
  const total = services.reduce((sum, s) => sum + s.priceCents, 0);
  const length = services.reduce((sum, s) => sum + s.durationMin, 0);
  return (
    <table className="service-lines">
      <caption className="visually-hidden">Services and prices</caption>
      <tbody>
        {services.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a service may be booked twice
          <tr key={`${s.id}-${i}`}>
            <th scope="row">{s.name}</th>
            <td>{formatDuration(s.durationMin)}</td>
            <td className="num">{formatPrice(s.priceCents)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td>{formatDuration(length)}</td>
          <td className="num">{formatPrice(total)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** The chosen services as a booking would hold them. */
export function chosenServices(services: readonly Service[], ids: readonly string[]) {
  return ids
    .map((id) => services.find((s) => s.id === id))
    .filter((s): s is Service => Boolean(s))
    .map(({ id, name, durationMin, priceCents }) => ({ id, name, durationMin, priceCents }));
}
