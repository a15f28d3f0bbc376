import type { QueryClient } from '@tanstack/react-query';
import type {
  Booking,
  BookingNote,
  LeaveRequest,
  Schedule,
  Ticket,
} from '../../../contract/entities';
import { type BookingListFilter, keys } from '../lib/api';
import {
  bookingBelongs,
  byDateTime,
  patchList,
  patchOne,
  patchScheduleSlot,
  patchStaffOff,
  removeFromList,
  type SlotChange,
} from './versionedCache';

// Applies realtime payloads to the TanStack Query cache with the pure rules of versionedCache.

export interface BookingDetail {
  booking: Booking;
  notes: BookingNote[];
}

export interface ApplyResult {
  /** Something visible changed (for toasts). */
  changed: boolean;
  /** Whether a known booking moved to a newer version (not a replay). */
  refetched: boolean;
}

/**
 * Patches every cached booking list and the detail view with `booking`. On a channel that
 * hears every change, a skipped version invalidates the lists (refetch).
 */
export function applyBooking(
  queryClient: QueryClient,
  booking: Booking,
  options: { tracksEveryChange: boolean; removeFromStaffDay?: boolean },
): ApplyResult {
  let changed = false;
  let refetch = false;
  for (const [key, list] of queryClient.getQueriesData<Booking[]>({ queryKey: keys.allBookings })) {
    if (!list) continue;
    const filter = (key[1] ?? {}) as BookingListFilter;
    const result = options.removeFromStaffDay
      ? removeFromList(list, booking)
      : patchList(list, booking, {
          belongs: bookingBelongs(filter),
          compare: filter.status === 'pending' ? undefined : byDateTime,
          insertAt: 'start',
          tracksEveryChange: options.tracksEveryChange,
        });
    if (result.list !== list) {
      queryClient.setQueryData(key, result.list);
      changed = true;
    }
    refetch ||= result.refetch;
  }
  const detailKey = keys.booking(booking.id);
  const detail = queryClient.getQueryData<BookingDetail>(detailKey);
  if (detail) {
    const patched = patchOne(detail.booking, booking, options.tracksEveryChange);
    if (patched.applied) {
      queryClient.setQueryData<BookingDetail>(detailKey, { ...detail, booking });
      changed = true;
    }
    if (patched.refetch) void queryClient.invalidateQueries({ queryKey: detailKey });
  }
  if (refetch) void queryClient.invalidateQueries({ queryKey: keys.allBookings });
  return { changed, refetched: refetch };
}

export function applyNote(queryClient: QueryClient, note: BookingNote): void {
  queryClient.setQueryData<BookingDetail>(keys.booking(note.bookingId), (detail) => {
    if (!detail || detail.notes.some((n) => n.id === note.id)) return detail;
    return { ...detail, notes: [...detail.notes, note] };
  });
}

export function applySlot(queryClient: QueryClient, change: SlotChange): void {
  queryClient.setQueryData<Schedule>(keys.schedule(change.date), (schedule) =>
    schedule ? patchScheduleSlot(schedule, change) : schedule,
  );
}

export function applyStaffOff(
  queryClient: QueryClient,
  change: { date: string; staffId: string },
): void {
  queryClient.setQueryData<Schedule>(keys.schedule(change.date), (schedule) =>
    schedule ? patchStaffOff(schedule, change) : schedule,
  );
}

export function applyLeave(queryClient: QueryClient, leave: LeaveRequest): boolean {
  let changed = false;
  queryClient.setQueryData<LeaveRequest[]>(keys.leave, (list) => {
    if (!list) return list;
    const result = patchList(list, leave, {
      insertAt: 'start',
      compare: (a, b) => b.createdAt.localeCompare(a.createdAt),
    });
    changed = result.list !== list;
    return result.list;
  });
  return changed;
}

export function applyTicket(queryClient: QueryClient, ticket: Ticket): void {
  queryClient.setQueryData<Ticket[]>(keys.tickets, (list) => {
    if (!list) return list;
    // Events carry the ticket, not the caller's reading of it: keep what the list knew.
    const known = list.find((t) => t.id === ticket.id);
    const merged: Ticket = {
      ...ticket,
      ...(ticket.unreadCount === undefined && known?.unreadCount !== undefined
        ? { unreadCount: known.unreadCount }
        : {}),
      ...(ticket.lastMessage === undefined && known?.lastMessage
        ? { lastMessage: known.lastMessage }
        : {}),
    };
    return patchList(list, merged, { insertAt: 'start' }).list;
  });
}
