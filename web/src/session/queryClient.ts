import { focusManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/http';
import { endSession } from './session';

/** One cache per signed-in session (ADR 0030). Realtime events patch it; fetches fill it. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError(error) {
        // The session ended elsewhere (expired, signed out in another tab): back to sign-in.
        if (isApiError(error, 'UNAUTHENTICATED')) endSession();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Realtime keeps the cache fresh; with realtime off the provider turns focus refetch on.
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          count < 2 &&
          !isApiError(error, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_REQUEST'),
      },
      mutations: { retry: false },
    },
  });
}

/**
 * "The user came back to the page": the tab became visible again (TanStack's default) or the
 * window regained focus (two windows side by side switch without any visibility change).
 * Only queries with `refetchOnWindowFocus` react to it: with realtime off, all of them.
 */
export function listenForReturn(): void {
  focusManager.setEventListener((handleFocus) => {
    const onVisibility = () => {
      if (document.visibilityState === 'visible') handleFocus();
    };
    const onFocus = () => handleFocus();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('focus', onFocus);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('focus', onFocus);
    };
  });
}
