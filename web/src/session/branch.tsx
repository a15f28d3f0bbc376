import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Branch } from '../../../contract/entities';
import { api, keys } from '../lib/api';
import { setFormatBranch } from '../lib/format';
import { PageLoading } from '../ui/PageLoading';

// The branch's settings for every signed-in screen: its zone decides "today" and "now", its
// locale and currency how dates, times and prices read (docs/architecture.md §6). Pages render
// once they are known, so nothing ever shows in the browser's own zone.

export function useBranch() {
  return useQuery({
    queryKey: keys.branch,
    queryFn: async () => {
      const branch = await api.branch();
      setFormatBranch(branch);
      return branch;
    },
    // Settings change rarely; a tab coming back picks up the owner's change.
    staleTime: 60_000,
    refetchOnWindowFocus: true,
  });
}

/** Renders its children once the branch is loaded (and keeps format.ts in step with it). */
export function BranchGate({ children }: { children: ReactNode }) {
  const branch = useBranch();
  if (branch.data) setFormatBranch(branch.data);
  if (!branch.data && !branch.isError) return <PageLoading />;
  return <>{children}</>;
}

export type { Branch };
