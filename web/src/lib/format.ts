import type { BookingStatus, Branch, TicketStatus } from '../../../contract/entities';
import { addDays, localDate, localMinutes, toMinutes } from '../../../contract/slots';

// Every date, time and price on screen, in the branch's zone, locale and currency (docs §6).
// The signed-in shell loads the branch first (session/branch.tsx → setFormatBranch); the
// values below only stand in until then (the sign-in pages show no business dates).

export const STATUS_LABEL: Record<BookingStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  declined: 'Declined',
  cancelled: 'Cancelled',
  completed: 'Completed',
  no_show: 'No-show',
};

export const TICKET_STATUS_LABEL: Record<TicketStatus, string> = {
  waiting: 'Waiting',
  active: 'In conversation',
  completed: 'Resolved',
  cancelled: 'Cancelled',
};

type FormatBranch = Pick<Branch, 'timeZone' | 'locale' | 'currency'>;
let branch: FormatBranch = { timeZone: 'UTC', locale: 'en-IE', currency: 'EUR' };
let formats: ReturnType<typeof build> | null = null;

function build(b: FormatBranch) {
  // One clock style everywhere: the locale's (en-IE 24 h, en-US 12 h), for grid times and instants.
  const clock = { hour: '2-digit', minute: '2-digit' } as const;
  return {
    gridTime: new Intl.DateTimeFormat(b.locale, { ...clock, timeZone: 'UTC' }),
    instant: new Intl.DateTimeFormat(b.locale, { ...clock, timeZone: b.timeZone }),
    day: new Intl.DateTimeFormat(b.locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }),
    longDay: new Intl.DateTimeFormat(b.locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
    weekday: new Intl.DateTimeFormat(b.locale, { weekday: 'long', timeZone: 'UTC' }),
    price: new Intl.NumberFormat(b.locale, { style: 'currency', currency: b.currency }),
  };
}

function f() {
  formats ??= build(branch);
  return formats;
}

/** Called by the shell when the branch (or its settings) is known. */
export function setFormatBranch(next: FormatBranch): void {
  if (
    next.timeZone === branch.timeZone &&
    next.locale === branch.locale &&
    next.currency === branch.currency
  )
    return;
  branch = { timeZone: next.timeZone, locale: next.locale, currency: next.currency };
  formats = null;
}

export function branchTimeZone(): string {
  return branch.timeZone;
}

/** The branch's today (YYYY-MM-DD), never the browser's. */
export function today(now: Date = new Date()): string {
  return localDate(now, branch.timeZone);
}

/** Minutes since the branch's midnight now. */
export function nowMinutes(now: Date = new Date()): number {
  return localMinutes(now, branch.timeZone);
}

const asUtcNoon = (date: string) => new Date(`${date}T12:00:00Z`);

/** "Today", "Tomorrow", or "Fri 14 Mar" for a YYYY-MM-DD day. */
export function formatDay(date: string): string {
  const t = today();
  if (date === t) return 'Today';
  if (date === addDays(t, 1)) return 'Tomorrow';
  if (date === addDays(t, -1)) return 'Yesterday';
  return f().day.format(asUtcNoon(date));
}

export function formatLongDay(date: string): string {
  return f().longDay.format(asUtcNoon(date));
}

export function formatWeekday(date: string): string {
  return f().weekday.format(asUtcNoon(date));
}

/** A grid time ("14:30") in the branch's clock style ("14:30" or "2:30 PM"). */
export function formatTime(time: string): string {
  const m = toMinutes(time);
  return f().gridTime.format(Date.UTC(2000, 0, 1, Math.floor(m / 60), m % 60));
}

export function formatPrice(cents: number): string {
  return f().price.format(cents / 100);
}

/** An instant's time of day in the branch's zone. */
export function formatClock(iso: string): string {
  return f().instant.format(new Date(iso));
}

export function formatDuration(min: number): string {
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** "Haircut + Blow-dry" */
export function serviceNames(b: { services?: { name: string }[]; serviceName: string }): string {
  return b.services?.length ? b.services.map((s) => s.name).join(' + ') : b.serviceName;
}
