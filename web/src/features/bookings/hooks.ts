import { useQuery } from '@tanstack/react-query';
import { api, type BookingListFilter, keys } from '../../lib/api';

/** A booking list; `staffId` only narrows the cache (the API already scopes by caller). */
export function useBookings(filter: BookingListFilter = {}) {
  const { staffId: _ignored, ...query } = filter;
  return useQuery({ queryKey: keys.bookings(filter), queryFn: () => api.bookings(query) });
}

export function useServices() {
  return useQuery({ queryKey: keys.services, queryFn: api.services, staleTime: 10 * 60_000 });
}

export function useStaffList() {
  return useQuery({ queryKey: keys.staff, queryFn: api.staff, staleTime: 10 * 60_000 });
}

export function useAvailability(date: string, serviceId: string, staffId?: string) {
  return useQuery({
    queryKey: ['availability', date, serviceId, staffId ?? ''],
    queryFn: () => api.availability({ date, serviceId, staffId: staffId || undefined }),
    enabled: Boolean(date && serviceId),
    staleTime: 0,
  });
}
