import { useRef } from 'react';

/**
 * Which items of a live list arrived after it first showed: those slide in, the ones that were
 * there when the page opened do not. `ids` is undefined while the list is loading.
 */
export function useArrivals(ids: readonly string[] | undefined): (id: string) => boolean {
  const firstSeen = useRef<ReadonlySet<string> | null>(null);
  if (ids && firstSeen.current === null) firstSeen.current = new Set(ids);
  const baseline = firstSeen.current;
  return (id) => baseline !== null && !baseline.has(id);
}
