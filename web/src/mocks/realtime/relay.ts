// Cross-tab realtime for mock mode (ADR 0041). Every tab runs its own in-page broker engine;
// this BroadcastChannel carries what one tab's engine must tell the others':
//   publish    a server-side publish after a mutation in the sending tab. BroadcastChannel never
//              delivers to its sender, and the sender publishes into its own engine directly, so
//              each tab's engine publishes it once and each subscriber hears it exactly once.
//   presence   a presence change its own SDK made (after the engine ACKed it), mirrored into
//              the other tabs' engines through virtual connections (presenceMirror.ts).
//   gone       a connection (or a whole tab) whose presence members have left.
//   hello      a new tab asks the others to re-announce their members.
//   reset      demo data was reset: other tabs reload.

export const TAB_ID: string = globalThis.crypto.randomUUID();

export type RelayMessage =
  | { type: 'publish'; channel: string; name: string; data: unknown }
  | {
      type: 'presence';
      from: string;
      relayId: string;
      channel: string;
      clientId: string;
      action: 'enter' | 'update' | 'leave';
      data: unknown;
      encoding?: string;
    }
  | { type: 'gone'; from: string; relayId?: string }
  | { type: 'hello'; from: string }
  | { type: 'reset'; from: string };

type Listener = (message: RelayMessage) => void;

const CHANNEL_NAME = 'glowdesk.mock.realtime';
let channel: BroadcastChannel | null = null;
const listeners = new Set<Listener>();

function open(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<RelayMessage>) => {
    for (const listener of listeners) {
      try {
        listener(event.data);
      } catch (error) {
        console.warn('[glowdesk mock] relay listener failed', error);
      }
    }
  };
  return channel;
}

/** Tells every other tab of the origin (never this one). */
export function relay(message: RelayMessage): void {
  open()?.postMessage(message);
}

export function onRelay(listener: Listener): () => void {
  open();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
