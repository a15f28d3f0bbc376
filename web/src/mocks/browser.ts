import { setupWorker } from 'msw/browser';
import { handlers } from './handlers';

/** Requests MSW may let through: the Vite dev server's own modules and static assets. */
function isOwnStaticAsset(url: URL): boolean {
  if (url.origin !== location.origin) return false;
  return !url.pathname.startsWith('/api/');
}

/**
 * Starts mock mode: the service worker answers every `/api` request from the in-browser store.
 * Must resolve before any module that imports `ably` is loaded (DESIGN §3).
 */
export async function startMocks(): Promise<void> {
  const worker = setupWorker(...handlers);
  await worker.start({
    quiet: true,
    onUnhandledRequest(request, print) {
      const url = new URL(request.url);
      if (isOwnStaticAsset(url)) return;
      print.error();
    },
  });
}
