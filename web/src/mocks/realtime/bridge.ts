import { ws } from 'msw';
import { MOCK_REALTIME_PORT } from './config';
import type { EngineConnection, Frame, InPageEngine } from './engineTypes';
import { relay, TAB_ID } from './relay';

// The MSW `ws` handler that turns the ably SDK's WebSocket into a connection of the in-page
// broker engine: SDK frames go to `engine.openConnection(...).receive`, engine frames back to
// the SDK. It also watches the frames to mirror this tab's presence into other tabs, and
// exposes the live connections to the dev toolbar's fault buttons.

const PRESENCE = 14;
const ACK = 1;
const NACK = 2;
const CONNECTED = 4;
const CLOSE = 7;
const ENTER = 2;
const LEAVE = 3;
const UPDATE = 4;
/** How long the engine keeps an abruptly dropped connection's members (docs/architecture.md §9). */
const PRESENCE_GRACE_MS = 15_000;

interface WireFrame {
  action?: number;
  channel?: string;
  msgSerial?: number;
  count?: number;
  connectionDetails?: { connectionKey?: string; clientId?: string };
  presence?: Array<{ action?: number; clientId?: string; data?: unknown; encoding?: string }>;
}

interface Member {
  channel: string;
  clientId: string;
  data: unknown;
  encoding?: string;
}

/** One SDK connection's presence, under a relay id that survives a resume. */
interface RelaySession {
  relayId: string;
  members: Map<string, Member>;
  goneTimer: ReturnType<typeof setTimeout> | null;
}

export interface LiveConnection {
  id: string;
  url: string;
  /** Engine → SDK, as if from the server. */
  sendToClient(frame: Frame): void;
  /** Closes the socket as the network would (no CLOSED handshake). */
  drop(): void;
}

const live = new Map<string, LiveConnection>();
const sessionsByKey = new Map<string, RelaySession>();

export function liveConnections(): LiveConnection[] {
  return [...live.values()];
}

/** All presence members this tab's SDKs hold, for a newcomer's `hello`. */
export function localMembers(): Array<{ relayId: string; member: Member }> {
  const seen = new Set<RelaySession>();
  const out: Array<{ relayId: string; member: Member }> = [];
  for (const session of sessionsByKey.values()) {
    if (seen.has(session)) continue;
    seen.add(session);
    for (const member of session.members.values()) out.push({ relayId: session.relayId, member });
  }
  return out;
}

function parse(frame: Frame): WireFrame | null {
  if (typeof frame !== 'string') return null; // the browser SDK speaks JSON; msgpack is not mirrored
  try {
    const value = JSON.parse(frame) as unknown;
    return value && typeof value === 'object' ? (value as WireFrame) : null;
  } catch {
    return null;
  }
}

async function toFrame(data: unknown): Promise<Frame | null> {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return new Uint8Array(await data.arrayBuffer());
  }
  return null;
}

const memberKey = (m: { channel: string; clientId: string }) => `${m.channel}\u0000${m.clientId}`;

export interface BridgeOptions {
  engine: () => InPageEngine;
  /** While true, new connections fail at once and existing ones were dropped (toolbar). */
  refuse: () => boolean;
  /** Milliseconds a new connection waits before the engine sees it (a slow reconnect). */
  holdFor: () => number;
}

type Client = Parameters<
  Parameters<ReturnType<typeof ws.link>['addEventListener']>[1]
>[0]['client'];

export function createRealtimeBridge(options: BridgeOptions) {
  const port = String(MOCK_REALTIME_PORT);
  const brokerUrl = new RegExp(`^wss?://[^/]+:${port}(/|\\?|$)`);
  const anyOtherUrl = new RegExp(`^(?!wss?://[^/]+:${port}(/|\\?|$))`);

  const broker = ws.link(brokerUrl);
  const brokerHandler = broker.addEventListener('connection', ({ client }) => {
    if (options.refuse()) {
      queueMicrotask(() => client.close(1006, 'Mock mode: offline'));
      return;
    }
    const wait = options.holdFor();
    if (wait <= 0) {
      serve(client, []);
      return;
    }
    // Held: the socket is open but the "server" answers late, so the SDK visibly reconnects.
    const early: unknown[] = [];
    let gone = false;
    const buffer = (event: MessageEvent) => early.push(event.data);
    const onClose = () => {
      gone = true;
    };
    client.addEventListener('message', buffer);
    client.addEventListener('close', onClose);
    setTimeout(() => {
      client.removeEventListener('message', buffer);
      client.removeEventListener('close', onClose);
      if (!gone) serve(client, early);
    }, wait);
  });

  function serve(client: Client, early: unknown[]): void {
    const url = new URL(client.url);
    const query = Object.fromEntries(url.searchParams);
    const id = globalThis.crypto.randomUUID();
    let connectionClientId: string | undefined;
    let session: RelaySession | null = null;
    let cleanClose = false;
    let closed = false;
    // PRESENCE frames awaiting the engine's ACK, by msgSerial.
    const pending = new Map<number, Array<Member & { action: number }>>();

    // A resumed connection keeps its predecessor's members (and relay id).
    const resumed = query.resume ? sessionsByKey.get(query.resume) : undefined;
    if (resumed?.goneTimer) {
      clearTimeout(resumed.goneTimer);
      resumed.goneTimer = null;
    }

    const fromEngine = (frame: Frame) => {
      const pm = parse(frame);
      if (pm?.action === CONNECTED && pm.connectionDetails?.connectionKey) {
        connectionClientId = pm.connectionDetails.clientId ?? connectionClientId;
        // After a failed resume the SDK re-enters its members, which upserts them here.
        session = resumed ?? {
          relayId: globalThis.crypto.randomUUID(),
          members: new Map(),
          goneTimer: null,
        };
        sessionsByKey.set(pm.connectionDetails.connectionKey, session);
      } else if ((pm?.action === ACK || pm?.action === NACK) && pm.msgSerial !== undefined) {
        const count = pm.count ?? 1;
        for (let serial = pm.msgSerial; serial < pm.msgSerial + count; serial++) {
          const changes = pending.get(serial) ?? [];
          pending.delete(serial);
          if (pm.action === ACK) for (const change of changes) applyLocalPresence(change);
        }
      }
      if (!closed) client.send(frame);
    };

    const applyLocalPresence = (change: Member & { action: number }) => {
      if (!session) return;
      const key = memberKey(change);
      const action =
        change.action === LEAVE ? 'leave' : change.action === ENTER ? 'enter' : 'update';
      if (action === 'leave') session.members.delete(key);
      else session.members.set(key, { ...change });
      relay({
        type: 'presence',
        from: TAB_ID,
        relayId: session.relayId,
        channel: change.channel,
        clientId: change.clientId,
        action,
        data: change.data,
        ...(change.encoding ? { encoding: change.encoding } : {}),
      });
    };

    const watchClientFrame = (frame: Frame) => {
      const pm = parse(frame);
      if (!pm) return;
      if (pm.action === CLOSE) cleanClose = true;
      if (pm.action !== PRESENCE || !pm.channel || pm.msgSerial === undefined) return;
      // The SDK may bundle several queued actions (enter, leave, enter…) into one frame.
      const changes: Array<Member & { action: number }> = [];
      for (const item of pm.presence ?? []) {
        const clientId = item.clientId ?? connectionClientId;
        if (!clientId || ![ENTER, UPDATE, LEAVE].includes(item.action ?? -1)) continue;
        changes.push({
          action: item.action!,
          channel: pm.channel,
          clientId,
          data: item.data,
          ...(item.encoding ? { encoding: item.encoding } : {}),
        });
      }
      if (changes.length > 0) pending.set(pm.msgSerial, changes);
    };

    let connection: EngineConnection;
    try {
      connection = options.engine().openConnection(
        query,
        {},
        {
          send: fromEngine,
          close: (code, reason) => {
            closed = true;
            client.close(code ?? 1000, reason);
          },
        },
      );
    } catch (error) {
      console.error('[glowdesk mock] broker engine refused a connection', error);
      client.close(1011, 'Mock broker failed');
      return;
    }

    const entry: LiveConnection = {
      id,
      url: client.url.toString(),
      sendToClient: (frame) => {
        if (!closed) client.send(frame);
      },
      drop: () => client.close(1006, 'Mock mode: connection dropped'),
    };
    live.set(id, entry);

    // Frames in arrival order, even when some need an async Blob read.
    let inbound = Promise.resolve();
    const feed = (data: unknown) => {
      inbound = inbound.then(async () => {
        const frame = await toFrame(data);
        if (frame === null || closed) return;
        watchClientFrame(frame);
        connection.receive(frame);
      });
    };
    for (const data of early) feed(data);
    client.addEventListener('message', (event) => feed(event.data));

    client.addEventListener('close', () => {
      if (closed && !live.has(id)) return;
      closed = true;
      live.delete(id);
      connection.transportClosed();
      const ending = session;
      if (!ending) return;
      const leave = () => {
        ending.goneTimer = null;
        for (const [key, s] of sessionsByKey) if (s === ending) sessionsByKey.delete(key);
        relay({ type: 'gone', from: TAB_ID, relayId: ending.relayId });
      };
      if (cleanClose) leave();
      else ending.goneTimer = setTimeout(leave, PRESENCE_GRACE_MS);
    });
  }

  // Every other WebSocket: the dev server's own (Vite HMR) connects for real, the rest of the
  // world is unreachable in mock mode.
  const others = ws.link(anyOtherUrl);
  const othersHandler = others.addEventListener('connection', ({ client, server }) => {
    const sameHost = typeof location !== 'undefined' && client.url.host === location.host;
    if (sameHost) server.connect();
    else queueMicrotask(() => client.close(1008, 'Mock mode: no connections leave the browser'));
  });

  return [brokerHandler, othersHandler];
}

/** Announces that this tab is going away: other tabs drop its members at once. */
export function announceTabGone(): void {
  relay({ type: 'gone', from: TAB_ID });
}
