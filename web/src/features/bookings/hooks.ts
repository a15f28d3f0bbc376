import { useQuery } from '@tanstack/react-query';
import { api, keys } from '../../lib/api';

export function useServices() {
  return useQuery({ queryKey: keys.services, queryFn: api.services, staleTime: 10 * 60_000 });
}

export function useAvailability(date: string, serviceId: string, staffId?: string) {
  return useQuery({
    queryKey: ['availability', date, serviceId, staffId ?? ''],
    queryFn: () => api.availability({ date, serviceId, staffId: staffId || undefined }),
    enabled: Boolean(date && serviceId),
    staleTime: 0,
  });
}
