import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { RealtimeClient } from 'ably';
import { AblyProvider } from 'ably/react';
import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import type { RealtimeMode } from '../../../contract/config';
import { api, keys } from '../lib/api';
import { listenForReturn } from '../session/queryClient';
import { onSignOut, useUser } from '../session/session';
import { closeRealtimeClient, realtimeClientFor } from './client';

interface RealtimeContextValue {
  mode: RealtimeMode;
  /** Null when realtime is off: no Ably at all, pages refetch on focus. */
  client: RealtimeClient | null;
}

const RealtimeContext = createContext<RealtimeContextValue>({ mode: 'off', client: null });

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}

/**
 * After creating a booking or ticket: re-authorize (an in-band AUTH) so the connection's
 * capability covers the new channel before anything subscribes to it (docs/architecture.md §4).
 */
export function useReauthorize(): () => Promise<void> {
  const { client } = useRealtime();
  return async () => {
    if (!client) return;
    try {
      await client.auth.authorize();
    } catch (error) {
      console.warn('Realtime re-authorization failed', error);
    }
  };
}

/** Provides an existing client (or none): the app's provider below, and component tests. */
export function RealtimeClientProvider({
  client,
  mode = client ? 'local' : 'off',
  children,
}: {
  client: RealtimeClient | null;
  mode?: RealtimeMode;
  children: ReactNode;
}) {
  const value = useMemo(() => ({ mode: client ? mode : 'off', client }), [mode, client]);
  return (
    <RealtimeContext.Provider value={value}>
      {client ? <AblyProvider client={client}>{children}</AblyProvider> : children}
    </RealtimeContext.Provider>
  );
}

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const config = useQuery({
    queryKey: keys.config,
    queryFn: api.config,
    staleTime: Number.POSITIVE_INFINITY,
    retry: 3,
  });
  // Without a config answer we cannot know the broker; behave as "off" (pages still work).
  const mode: RealtimeMode = config.data?.realtime.mode ?? (config.isError ? 'off' : 'local');
  const ready = config.isSuccess || config.isError;

  const client = useMemo(
    () => (config.data && mode !== 'off' ? realtimeClientFor(config.data, user.id) : null),
    [config.data, mode, user.id],
  );

  useEffect(() => onSignOut(closeRealtimeClient), []);

  // Realtime off: the cache cannot hear changes, so refresh whenever the user comes back to the
  // page — every query on screen, however recently fetched ('always' ignores staleTime).
  const off = ready && !client;
  if (off && queryClient.getDefaultOptions().queries?.refetchOnWindowFocus !== 'always') {
    listenForReturn();
    queryClient.setDefaultOptions({
      ...queryClient.getDefaultOptions(),
      queries: { ...queryClient.getDefaultOptions().queries, refetchOnWindowFocus: 'always' },
    });
  }

  if (!ready) return null;
  return (
    <RealtimeClientProvider client={client} mode={mode}>
      {children}
    </RealtimeClientProvider>
  );
}
