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
  const registration = await worker.start({
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
    // The fallback handlers answer everything; this only fires if one is removed.
    onUnhandledRequest: 'error',
  });
  const mocking = registration?.active ?? null;
  await untilControlledBy(mocking);
  if (mocking) closeOnPagehide(mocking);
  holdApiRequestsWhileLeaving();
  mountToolbar({ stats: realtime.stats });
}

/**
 * Only requests of a page the mocking worker controls reach it. `worker.start()` resolves once
 * that worker has activated mocking for this tab, but on a first visit (and whenever the worker
 * had unregistered itself and registers anew) `clients.claim()` may not have reached this page
 * yet: `navigator.serviceWorker.controller` is still null, or still the old worker, which
 * passes everything to the network. Wait until the controller is the mocking worker. (A
 * fallback timer keeps the app from never starting should a browser hand out another object
 * for the same worker.)
 */
function untilControlledBy(mocking: ServiceWorker | null): Promise<void> {
  const container = navigator.serviceWorker;
  const controlled = () =>
    container.controller !== null && (mocking === null || container.controller === mocking);
  if (controlled()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      container.removeEventListener('controllerchange', check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (controlled()) done();
    };
    const timer = setTimeout(() => {
      console.warn('[mocks] the mock service worker does not control this page yet');
      done();
    }, 5_000);
    container.addEventListener('controllerchange', check);
  });
}

/**
 * MSW tells its worker on `beforeunload` that this tab is gone (`CLIENT_CLOSED`); from then on
 * the worker passes the tab's requests to the network, and with no tab left it bypasses
 * everything. But a request the page sent just before may reach the worker just after that
 * message (a page left or reloaded while it is still loading its first data), and leave the
 * browser. Send the message when the page is really going: on `pagehide`.
 */
function closeOnPagehide(mocking: ServiceWorker): void {
  const send = mocking.postMessage.bind(mocking) as (...args: unknown[]) => void;
  Object.defineProperty(mocking, 'postMessage', {
    configurable: true,
    value: (...args: unknown[]) => {
      if (args[0] !== 'CLIENT_CLOSED') send(...args);
    },
  });
  window.addEventListener('pagehide', () => send('CLIENT_CLOSED'));
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
