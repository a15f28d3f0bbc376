// Time arithmetic on the 30-minute grid (docs/architecture.md §6), shared by the API and the mocks.

export const SLOT_MINUTES = 30;

export function toMinutes(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

export function fromMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Every grid start time in [opensAt, closesAt). */
export function gridTimes(opensAt: string, closesAt: string): string[] {
  const times: string[] = [];
  for (let t = toMinutes(opensAt); t < toMinutes(closesAt); t += SLOT_MINUTES) {
    times.push(fromMinutes(t));
  }
  return times;
}

export interface TimeRange {
  time: string;
  durationMin: number;
}

export function overlaps(a: TimeRange, b: TimeRange): boolean {
  const aStart = toMinutes(a.time);
  const bStart = toMinutes(b.time);
  return aStart < bStart + b.durationMin && bStart < aStart + a.durationMin;
}

/** Grid cells a booking covers, e.g. 10:00 for 60 min → ['10:00', '10:30']. */
export function coveredTimes(range: TimeRange): string[] {
  const start = toMinutes(range.time);
  const cells = Math.max(1, Math.ceil(range.durationMin / SLOT_MINUTES));
  return Array.from({ length: cells }, (_, i) => fromMinutes(start + i * SLOT_MINUTES));
}

/** Inclusive list of ISO dates from `from` to `to`. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  const day = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (day <= end) {
    dates.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return dates;
}

export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

// Branch-local time (docs/architecture.md §6). Business code always passes the branch's IANA
// zone; without one these read the host's zone (tools and old tests only, never a rule).

const partsCache = new Map<string, Intl.DateTimeFormat>();
function zoneParts(now: Date, timeZone: string | undefined) {
  const key = timeZone ?? '';
  let format = partsCache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      ...(timeZone ? { timeZone } : {}),
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(key, format);
  }
  const get = (type: string) => {
    for (const p of format.formatToParts(now)) if (p.type === type) return p.value;
    return '00';
  };
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: (Number(get('hour')) % 24) * 60 + Number(get('minute')),
    seconds: Number(get('second')),
  };
}

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone` (an IANA name). */
export function localDate(now: Date = new Date(), timeZone?: string): string {
  return zoneParts(now, timeZone).date;
}

/** Minutes since local midnight of an instant in `timeZone`. */
export function localMinutes(now: Date = new Date(), timeZone?: string): number {
  return zoneParts(now, timeZone).minutes;
}

/** The instant at which the wall clock in `timeZone` reads `date` `time` (HH:MM). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wanted = Date.parse(`${date}T${time}:00Z`);
  let guess = wanted;
  // Two corrections settle every real zone (the second handles a DST edge).
  for (let i = 0; i < 3; i += 1) {
    const p = zoneParts(new Date(guess), timeZone);
    const seen = Date.parse(
      `${p.date}T${fromMinutes(p.minutes)}:${String(p.seconds).padStart(2, '0')}Z`,
    );
    if (seen === wanted) break;
    guess += wanted - seen;
  }
  return new Date(guess);
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The weekday of a calendar day (no zone involved: a date is already local). */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

export interface StaffDay {
  staffId: string;
  off: boolean;
  bookings: readonly TimeRange[];
}

/**
 * Free start times for a service of `durationMin`: a time is offered when at least one
 * staff member is working, the service ends by closing, and it overlaps none of their
 * active bookings. `notBeforeMinutes` hides times already past today.
 */
export function freeStartTimes(input: {
  opensAt: string;
  closesAt: string;
  durationMin: number;
  staff: readonly StaffDay[];
  notBeforeMinutes?: number;
}): Array<{ time: string; staffIds: string[] }> {
  const close = toMinutes(input.closesAt);
  const result: Array<{ time: string; staffIds: string[] }> = [];
  for (const time of gridTimes(input.opensAt, input.closesAt)) {
    const start = toMinutes(time);
    if (start + input.durationMin > close) continue;
    if (input.notBeforeMinutes !== undefined && start < input.notBeforeMinutes) continue;
    const wanted = { time, durationMin: input.durationMin };
    const staffIds = input.staff
      .filter((s) => !s.off && !s.bookings.some((b) => overlaps(b, wanted)))
      .map((s) => s.staffId);
    if (staffIds.length > 0) result.push({ time, staffIds });
  }
  return result;
}
