import { setupWorker } from 'msw/browser';
import { handlers } from './handlers';
import { startRealtime } from './realtime';
import { engineAdapter } from './realtime/engine';
import { ensureFreshSeed } from './store/db';
import { mountToolbar } from './toolbar';

/**
 * Starts mock mode (DESIGN §3, web/src/mocks/README.md): the service worker answers every
 * `/api` request from the in-browser store, the `ws` handler runs the broker engine in the
 * page, and nothing else leaves the browser. Must resolve before any module that imports
 * `ably` is loaded.
 */
export async function startMocks(): Promise<void> {
  ensureFreshSeed();
  const realtime = startRealtime(engineAdapter());
  const worker = setupWorker(...handlers, ...realtime.handlers);
  await worker.start({
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
    // The fallback handlers answer everything; this only fires if one is removed.
    onUnhandledRequest: 'error',
  });
  mountToolbar({ stats: realtime.stats });
}
