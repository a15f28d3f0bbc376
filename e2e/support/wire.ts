import type { APIRequestContext, Page, WebSocket } from '@playwright/test';
import * as Ably from 'ably';
import type { ClientConfig, TokenResponse } from '../../contract';

// "On the wire" helpers: what a browser's realtime connection actually carries, and what the
// realtime service lets a user's token do when it is used outside the SPA.

/** Collects every frame the page's WebSockets receive from now on (text, or bytes as latin1). */
export function recordFrames(page: Page): { frames: string[]; sockets: WebSocket[] } {
  const out = { frames: [] as string[], sockets: [] as WebSocket[] };
  page.on('websocket', (ws) => {
    out.sockets.push(ws);
    ws.on('framereceived', ({ payload }) => {
      out.frames.push(typeof payload === 'string' ? payload : payload.toString('latin1'));
    });
  });
  return out;
}

/** The user's own realtime token, as the SPA's authCallback would get it. */
export async function tokenFor(api: APIRequestContext): Promise<TokenResponse> {
  const res = await api.post('/api/ably/token');
  if (!res.ok()) throw new Error(`POST /api/ably/token: ${res.status()} ${await res.text()}`);
  return (await res.json()) as TokenResponse;
}

/**
 * A fresh `ably` SDK client in Node, authenticated with a token minted for a signed-in user
 * (its renewals also come from that user's session), pointed at the server's local broker.
 */
export async function sdkClientFor(
  api: APIRequestContext,
  baseURL: string,
): Promise<Ably.Realtime> {
  const config = (await (await api.get('/api/config')).json()) as ClientConfig;
  if (config.realtime.mode !== 'local' || !config.realtime.port) {
    throw new Error(`expected local realtime, got ${JSON.stringify(config.realtime)}`);
  }
  const host = new URL(baseURL).hostname;
  const client = new Ably.Realtime({
    endpoint: host,
    port: config.realtime.port,
    tls: false,
    fallbackHosts: [],
    logLevel: 0,
    authCallback: (_params, callback) => {
      tokenFor(api).then(
        (t) => callback(null, t.token),
        (err: Error) => callback(err.message, null),
      );
    },
  } as Ably.ClientOptions);
  await client.connection.once('connected');
  return client;
}

/** Attaches; resolves with the Ably error code (e.g. 40160) or `null` when the attach succeeded. */
export async function attachError(
  client: Ably.Realtime,
  channelName: string,
): Promise<number | null> {
  try {
    await client.channels.get(channelName).attach();
    return null;
  } catch (err) {
    return (err as Ably.ErrorInfo).code ?? -1;
  }
}
