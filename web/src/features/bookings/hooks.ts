import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../lib/api';

export function useServices() {
  return useQuery({ queryKey: keys.services, queryFn: api.services, staleTime: 10 * 60_000 });
}

/** Free start times on a day for one or more services (their total length). */
export function useAvailability(
  date: string,
  serviceIds: string | readonly string[],
  staffId?: string,
) {
  const ids = typeof serviceIds === 'string' ? (serviceIds ? [serviceIds] : []) : serviceIds;
  return useQuery({
    queryKey: ['availability', date, ids.join(','), staffId ?? ''],
    queryFn: () => api.availability({ date, serviceIds: ids, staffId: staffId || undefined }),
    enabled: Boolean(date && ids.length > 0),
    staleTime: 0,
  });
}

/** The next day with free times after `date` (asked only when `enabled`: a full day). */
export function useNextFreeDay(
  date: string,
  serviceIds: readonly string[],
  staffId: string | undefined,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['availability', 'next', date, serviceIds.join(','), staffId ?? ''],
    queryFn: async () =>
      (await api.nextFreeDay({ date, serviceIds, staffId: staffId || undefined })).next,
    enabled: enabled && Boolean(date && serviceIds.length > 0),
    staleTime: 0,
  });
}
