import { setupWorker } from 'msw/browser';
import { handlers } from './handlers';
import { startRealtime } from './realtime';
import { engineAdapter } from './realtime/engine';
import { ensureFreshSeed } from './store/db';
import { mountToolbar } from './toolbar';

/**
 * Starts mock mode (docs/architecture.md §3, web/src/mocks/README.md): the service worker
 * answers every `/api` request from the in-browser store, the `ws` handler runs the broker
 * engine in the page, and nothing else leaves the browser. Must resolve before any module that
 * imports `ably` is loaded, and before the app sends its first request.
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
  await untilControlled();
  holdApiRequestsWhileLeaving();
  mountToolbar({ stats: realtime.stats });
}

/**
 * Only a page the worker controls has its requests mocked. On a first visit (and after the
 * worker unregistered itself because its last tab closed or reloaded) `worker.start()` can
 * resolve before `clients.claim()` reaches this page: until `controller` is set, a request
 * would go straight to the network. Wait for it.
 */
function untilControlled(): Promise<void> {
  const container = navigator.serviceWorker;
  if (container.controller) return Promise.resolve();
  return new Promise((resolve) => {
    container.addEventListener('controllerchange', () => resolve(), { once: true });
  });
}

/**
 * A page on its way out sends no more API requests. MSW deactivates this tab on
 * `beforeunload`; from then on the worker passes the tab's requests through to the network
 * (the static server answers 404). A page reloaded or left while it is still starting up fires
 * its first queries in exactly that window (the old document runs until the new one commits),
 * so they would leave the browser. Nobody reads those answers: such requests never settle.
 */
function holdApiRequestsWhileLeaving(): void {
  let leaving = false;
  window.addEventListener('beforeunload', () => {
    leaving = true;
  });
  const send = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (leaving && isApiRequest(input)) return new Promise<Response>(() => {});
    return send(input, init);
  };
}

function isApiRequest(input: RequestInfo | URL): boolean {
  const url = new URL(input instanceof Request ? input.url : input, location.href);
  return url.origin === location.origin && url.pathname.startsWith('/api/');
}
