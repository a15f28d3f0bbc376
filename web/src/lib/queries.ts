import { useQuery } from '@tanstack/react-query';
import { api, type BookingListFilter, keys } from './api';

// Reads more than one feature makes (a feature's own reads live in its folder).

/** A booking list; `staffId` only narrows the cache (the API already scopes by caller). */
export function useBookings(filter: BookingListFilter = {}) {
  const { staffId: _ignored, ...query } = filter;
  return useQuery({ queryKey: keys.bookings(filter), queryFn: () => api.bookings(query) });
}

export function useStaffList() {
  return useQuery({ queryKey: keys.staff, queryFn: api.staff, staleTime: 10 * 60_000 });
}
