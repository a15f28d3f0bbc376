import type { Branch } from '../../../../contract/entities';
import { addDays, weekdayOf } from '../../../../contract/slots';
import { formatWeekday, today } from '../../lib/format';

// Which days a booking form offers: the branch's open days within its horizon, in its zone.

/** The next `count` days the branch is open, from `from` on (within its horizon). */
export function openDays(branch: Branch, from: string, count: number): string[] {
  const out: string[] = [];
  const last = addDays(today(), branch.bookingHorizonDays);
  for (let d = from; out.length < count && d <= last; d = addDays(d, 1)) {
    if (branch.hours[weekdayOf(d)]) out.push(d);
  }
  return out;
}

/** Why a day cannot be booked (closed, past, beyond the horizon), or null. */
export function dayProblem(branch: Branch, date: string): string | null {
  if (!date) return 'Please choose a date.';
  if (date < today()) return 'That day is in the past.';
  if (date > addDays(today(), branch.bookingHorizonDays))
    return `Bookings open at most ${branch.bookingHorizonDays} days ahead.`;
  if (!branch.hours[weekdayOf(date)]) return `The salon is closed on ${formatWeekday(date)}s.`;
  return null;
}
