import type { ClientOptions, RealtimeClient } from 'ably';
import { BaseRealtime, FetchRequest, RealtimePresence, WebSocketTransport } from 'ably/modular';
import type { ClientConfig } from '../../../contract/config';
import { api, errorMessage } from '../lib/api';

// The one Ably client of a signed-in session (docs/architecture.md §3, §4). We use `ably/modular` with only
// the plugins we need (WebSocket, fetch, presence) to keep the signed-in bundle lean (ADR 0031);
// `ably/react`'s AblyProvider takes it as a RealtimeClient.

/** Endpoint options for a mode; exported for tests. */
export function connectionOptions(
  config: ClientConfig,
  page: Pick<Location, 'hostname' | 'port' | 'protocol'> = location,
): Partial<ClientOptions> {
  const mode = config.realtime.mode;
  if (mode === 'ably') return {};
  const tls = page.protocol === 'https:';
  const port = config.realtime.port ?? (Number(page.port) || (tls ? 443 : 80));
  const host = page.hostname;
  // `endpoint` takes a host name only when it looks like one (has a dot, is IPv6, or
  // localhost); a bare intranet name would be read as an Ably routing policy.
  const hostOptions: Partial<ClientOptions> =
    host.includes('.') || host.includes(':') || host === 'localhost'
      ? { endpoint: host }
      : { realtimeHost: host, restHost: host };
  return {
    ...hostOptions,
    port,
    tlsPort: port,
    tls,
    fallbackHosts: [],
    // The local broker is one process: after a restart (0.5–1 s) every client should be back
    // within a few seconds. The SDK's default waits 15 s before the second attempt; this
    // retries after 1 s, growing to 2 s, each × 0.8–1 jitter so a room of browsers spreads out.
    // Ably's cloud keeps the SDK default (fallback hosts cover its outages).
    disconnectedRetryTimeout: LOCAL_RETRY_MS,
  };
}

/** First retry delay after the at-once reconnect fails, against the local broker. */
export const LOCAL_RETRY_MS = 1000;

export function createRealtimeClient(config: ClientConfig, clientId: string): RealtimeClient {
  const options: ClientOptions = {
    ...connectionOptions(config),
    clientId,
    autoConnect: true,
    echoMessages: false,
    authCallback: (_params, callback) => {
      api.token().then(
        (answer) => callback(null, answer.token),
        (error: unknown) => callback(errorMessage(error), null),
      );
    },
  };
  const client = new BaseRealtime({
    ...options,
    plugins: { WebSocketTransport, FetchRequest, RealtimePresence },
  });
  return client as unknown as RealtimeClient;
}

// One client per signed-in user; StrictMode and remounts reuse it, sign-out closes it.
let current: { key: string; client: RealtimeClient } | null = null;

export function realtimeClientFor(config: ClientConfig, userId: string): RealtimeClient {
  const key = `${userId}|${JSON.stringify(config.realtime)}`;
  if (current?.key === key) return current.client;
  closeRealtimeClient();
  current = { key, client: createRealtimeClient(config, userId) };
  return current.client;
}

export function closeRealtimeClient(): void {
  if (!current) return;
  try {
    current.client.close();
  } catch {
    // already closed
  }
  current = null;
}
