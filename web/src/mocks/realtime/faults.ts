import { liveConnections } from './bridge';

// Realtime faults the dev toolbar can inject, all inside the page.

let offlineUntil = 0;
let offlineTimer: ReturnType<typeof setTimeout> | null = null;

let slowUntil = 0;

export const isOffline = (): boolean => Date.now() < offlineUntil;
/** How long a new connection waits for the "server" right now (after a drop). */
export const reconnectDelay = (): number => Math.max(0, slowUntil - Date.now());

/**
 * Every SDK connection of this tab loses its socket, as on a network blip. The SDK reconnects
 * at once; the answer takes `slowMs`, so the blip is visible (and the SDK resumes).
 */
export function dropConnections(slowMs = 1500): number {
  slowUntil = Date.now() + slowMs;
  const connections = liveConnections();
  for (const connection of connections) connection.drop();
  return connections.length;
}

/**
 * "Network down" for `seconds`: sockets drop, new ones fail, and the browser's offline/online
 * events fire so the SDK reacts at once (as it would to a real network change).
 */
export function goOffline(seconds: number): void {
  offlineUntil = Date.now() + seconds * 1000;
  if (offlineTimer) clearTimeout(offlineTimer);
  globalThis.dispatchEvent?.(new Event('offline'));
  dropConnections(0);
  offlineTimer = setTimeout(() => {
    offlineUntil = 0;
    offlineTimer = null;
    globalThis.dispatchEvent?.(new Event('online'));
  }, seconds * 1000);
}

/**
 * The token of every connection expires now: the server side says DISCONNECTED 40142 (what
 * the broker says at `exp`), so the SDK fetches a new token from `/api/ably/token` and resumes.
 */
export function expireTokens(): number {
  const connections = liveConnections();
  const frame = JSON.stringify({
    action: 6,
    error: { code: 40142, statusCode: 401, message: 'Token expired (mock mode toolbar)' },
  });
  for (const connection of connections) {
    connection.sendToClient(frame);
    setTimeout(() => connection.drop(), 100);
  }
  return connections.length;
}
