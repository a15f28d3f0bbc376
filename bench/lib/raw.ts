import WebSocket from 'ws';

// A bare Ably-protocol client (format=json) for load generation: no SDK, just frames.

export const A = {
  HEARTBEAT: 0,
  ACK: 1,
  NACK: 2,
  CONNECTED: 4,
  DISCONNECTED: 6,
  ERROR: 9,
  ATTACH: 10,
  ATTACHED: 11,
  PRESENCE: 14,
  MESSAGE: 15,
};

export interface RawOptions {
  port: number;
  /** `key=` (API key) or `access_token=` (JWT) auth. */
  auth: { key: string } | { accessToken: string };
  echo?: boolean;
  /** With key auth: the clientId this connection acts as (presence needs one). */
  clientId?: string;
  timeoutMs?: number;
}

export function rawUrl(o: RawOptions): string {
  const q = new URLSearchParams({ format: 'json', v: '5', echo: String(o.echo ?? true) });
  if ('key' in o.auth) q.set('key', o.auth.key);
  else q.set('access_token', o.auth.accessToken);
  if (o.clientId) q.set('clientId', o.clientId);
  return `ws://127.0.0.1:${o.port}/?${q}`;
}

/** Opens a socket and resolves once CONNECTED arrived. */
export function connectRaw(o: RawOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(rawUrl(o), { perMessageDeflate: false });
    const t = setTimeout(() => {
      ws.terminate();
      reject(new Error('raw connect timed out'));
    }, o.timeoutMs ?? 20_000);
    const onMessage = (data: WebSocket.RawData) => {
      const pm = JSON.parse(String(data)) as { action: number; error?: { message: string } };
      if (pm.action === A.CONNECTED) {
        clearTimeout(t);
        ws.off('message', onMessage);
        resolve(ws);
      } else if (pm.action === A.ERROR || pm.action === 6) {
        clearTimeout(t);
        ws.terminate();
        reject(new Error(`raw connect refused: ${pm.error?.message}`));
      }
    };
    ws.on('message', onMessage);
    ws.once('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

/** Sends ATTACH and resolves on ATTACHED for that channel. */
export function attachRaw(ws: WebSocket, channel: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`attach ${channel} timed out`)), timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const pm = JSON.parse(String(data)) as {
        action: number;
        channel?: string;
        error?: { message: string };
      };
      if (pm.channel !== channel) return;
      if (pm.action === A.ATTACHED) {
        clearTimeout(t);
        ws.off('message', onMessage);
        resolve();
      } else if (pm.action === A.ERROR || pm.action === 13) {
        clearTimeout(t);
        ws.off('message', onMessage);
        reject(new Error(`attach ${channel} refused: ${pm.error?.message}`));
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ action: A.ATTACH, channel }));
  });
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return out;
}
