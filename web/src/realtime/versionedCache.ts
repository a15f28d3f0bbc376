import type { Booking, Schedule, ScheduleSlot } from '../../../contract/entities';
import { coveredTimes } from '../../../contract/slots';

// The rules by which a realtime event patches cached server state (ADR 0030). Pure, so they
// are unit-tested without a browser:
//  - an event whose version is not newer than what we hold is ignored;
//  - a newer version replaces the cached entity in place (the payload carries all of it);
//  - on a channel that hears every change of the entity, a skipped version means we lost an
//    event: apply what we got, and ask the caller to refetch.

export interface Versioned {
  id: string;
  version: number;
}

export type VersionCheck = 'unknown' | 'next' | 'gap' | 'stale';

export function checkVersion(known: number | undefined, incoming: number): VersionCheck {
  if (known === undefined) return 'unknown';
  if (incoming <= known) return 'stale';
  return incoming === known + 1 ? 'next' : 'gap';
}

export type PatchOutcome = 'updated' | 'inserted' | 'removed' | 'stale' | 'ignored';

export interface PatchResult<T> {
  /** The same array instance when nothing changed, so React Query keeps its reference. */
  list: T[];
  outcome: PatchOutcome;
  /** True when a version was skipped on a channel that hears every change: refetch. */
  refetch: boolean;
}

export interface ListPatchOptions<T> {
  /** Whether the entity (after the change) belongs in this list, e.g. "pending only". */
  belongs?: (entity: T) => boolean;
  /** Keeps the list ordered after an insert or update. */
  compare?: (a: T, b: T) => number;
  /** The channel hears every version of the entity, so a gap means a lost event. */
  tracksEveryChange?: boolean;
  /** Where a new entity goes when there is no `compare`: the top (queues) or the end. */
  insertAt?: 'start' | 'end';
}

export function patchList<T extends Versioned>(
  list: T[],
  entity: T,
  options: ListPatchOptions<T> = {},
): PatchResult<T> {
  const belongs = options.belongs ?? (() => true);
  const index = list.findIndex((item) => item.id === entity.id);
  const known = index === -1 ? undefined : list[index]!.version;
  const check = checkVersion(known, entity.version);
  if (check === 'stale') return { list, outcome: 'stale', refetch: false };
  const refetch = check === 'gap' && options.tracksEveryChange === true;

  if (index === -1) {
    if (!belongs(entity)) return { list, outcome: 'ignored', refetch: false };
    const next = options.insertAt === 'start' ? [entity, ...list] : [...list, entity];
    return { list: sortIf(next, options.compare), outcome: 'inserted', refetch };
  }
  if (!belongs(entity)) {
    return { list: list.filter((_, i) => i !== index), outcome: 'removed', refetch };
  }
  const next = list.slice();
  next[index] = entity;
  return { list: sortIf(next, options.compare), outcome: 'updated', refetch };
}

/** Removes an entity (e.g. unassigned from a stylist's day) unless we already hold a newer one. */
export function removeFromList<T extends Versioned>(list: T[], entity: T): PatchResult<T> {
  const index = list.findIndex((item) => item.id === entity.id);
  if (index === -1) return { list, outcome: 'ignored', refetch: false };
  if (list[index]!.version > entity.version) return { list, outcome: 'stale', refetch: false };
  return { list: list.filter((_, i) => i !== index), outcome: 'removed', refetch: false };
}

/** Patches a single cached entity (a detail view). */
export function patchOne<T extends Versioned>(
  current: T | undefined,
  incoming: T,
  tracksEveryChange = false,
): { value: T | undefined; applied: boolean; refetch: boolean } {
  if (!current || current.id !== incoming.id)
    return { value: current, applied: false, refetch: false };
  const check = checkVersion(current.version, incoming.version);
  if (check === 'stale') return { value: current, applied: false, refetch: false };
  return { value: incoming, applied: true, refetch: check === 'gap' && tracksEveryChange };
}

function sortIf<T>(list: T[], compare?: (a: T, b: T) => number): T[] {
  return compare ? list.sort(compare) : list;
}

/** Bookings by day then time (then id, for a stable order). */
export function byDateTime(a: Booking, b: Booking): number {
  return a.date.localeCompare(b.date) || a.time.localeCompare(b.time) || a.id.localeCompare(b.id);
}

/** A booking list's filter: which bookings belong in it. */
export interface BookingFilter {
  status?: Booking['status'];
  date?: string;
  staffId?: string;
  needsStaff?: 'true';
}

export function bookingBelongs(filter: BookingFilter) {
  return (b: Booking) =>
    (filter.status === undefined || b.status === filter.status) &&
    (filter.date === undefined || b.date === filter.date) &&
    (filter.staffId === undefined || b.staffId === filter.staffId) &&
    (filter.needsStaff === undefined ||
      (b.needsStaff && (b.status === 'pending' || b.status === 'confirmed')));
}

// --- the desk's schedule grid -------------------------------------------------------------

export interface SlotChange {
  kind: 'booked' | 'released';
  date: string;
  staffId: string;
  time: string;
  durationMin: number;
  bookingId: string;
  version: number;
  booking: Booking;
}

/**
 * Applies `slot.booked` / `slot.released`. A move publishes "released" (old cell) and "booked"
 * (new cell) with the same version, so here an equal version still applies; only an older one
 * is ignored. Cells are freed by booking id, then (re)booked, so replays are harmless.
 */
export function patchScheduleSlot(schedule: Schedule, change: SlotChange): Schedule {
  if (schedule.date !== change.date) return schedule;
  const known = schedule.bookings.find((b) => b.id === change.bookingId);
  if (known && change.version < known.version) return schedule;

  const staffOff = new Set(schedule.staff.filter((s) => s.off).map((s) => s.id));
  const freeState = (staffId: string): ScheduleSlot['state'] =>
    staffOff.has(staffId) ? 'off' : 'free';
  // Free every cell this booking held (wherever it was), then book where it is now.
  let slots = schedule.slots.map(
    (slot): ScheduleSlot =>
      slot.bookingId === change.bookingId
        ? { ...slot, state: freeState(slot.staffId), bookingId: null }
        : slot,
  );

  if (change.kind === 'booked') {
    const cells = new Set(coveredTimes(change));
    slots = slots.map((slot) =>
      slot.staffId === change.staffId && cells.has(slot.time)
        ? { ...slot, state: 'booked', bookingId: change.bookingId }
        : slot,
    );
  }

  const bookings = known
    ? schedule.bookings.map((b) => (b.id === change.bookingId ? change.booking : b))
    : [...schedule.bookings, change.booking];
  return { ...schedule, slots, bookings };
}

/** `staff.off`: the stylist is away that day; their free cells turn off. */
export function patchStaffOff(
  schedule: Schedule,
  change: { date: string; staffId: string },
): Schedule {
  if (schedule.date !== change.date) return schedule;
  return {
    ...schedule,
    staff: schedule.staff.map((s) => (s.id === change.staffId ? { ...s, off: true } : s)),
    slots: schedule.slots.map((slot) =>
      slot.staffId === change.staffId && slot.state === 'free' ? { ...slot, state: 'off' } : slot,
    ),
  };
}
