import { MOCK_ABLY_KEY } from './config';
import type { EngineConnection, Frame, InPageEngine } from './engineTypes';
import type { RelayMessage } from './relay';

// Presence members of other tabs, replayed into this tab's engine (ADR 0041). For each remote
// (tab, connection, clientId) we open a virtual connection on our engine with the key and that
// clientId, attach the channels it is present on and send the same PRESENCE actions. The engine
// then treats them like any member: SYNC on attach, enter/update/leave to subscribers. Closing
// the virtual connection with CLOSE makes the members leave at once.

const CONNECTED = 4;
const CLOSE = 7;
const ATTACH = 10;
const ATTACHED = 11;
const PRESENCE = 14;
const ACTION = { enter: 2, leave: 3, update: 4 } as const;

interface Virtual {
  from: string;
  relayId: string;
  clientId: string;
  connection: EngineConnection;
  connected: boolean;
  closed: boolean;
  attached: Set<string>;
  attaching: Set<string>;
  /** Channels this member is present on now (entered or updated, not left). */
  present: Set<string>;
  /** Frames waiting for CONNECTED / ATTACHED, by channel ('' = connection level). */
  queue: Array<{ channel: string; frame: () => object }>;
  msgSerial: number;
  flushing: boolean;
  flushAgain: boolean;
}

export class PresenceMirror {
  private readonly virtuals = new Map<string, Virtual>();

  constructor(private readonly engine: () => InPageEngine) {}

  handle(message: RelayMessage): void {
    if (message.type === 'presence') this.apply(message);
    else if (message.type === 'gone') this.drop(message.from, message.relayId);
  }

  /** Remote members present on some channel right now (toolbar, tests). */
  size(): number {
    let members = 0;
    for (const v of this.virtuals.values()) if (v.present.size > 0) members += 1;
    return members;
  }

  private apply(message: Extract<RelayMessage, { type: 'presence' }>): void {
    const key = `${message.from}/${message.relayId}/${message.clientId}`;
    let virtual = this.virtuals.get(key);
    if (!virtual) {
      if (message.action === 'leave') return;
      virtual = this.open(message.from, message.relayId, message.clientId);
      this.virtuals.set(key, virtual);
    }
    const v = virtual;
    const channel = message.channel;
    if (message.action === 'leave') v.present.delete(channel);
    else v.present.add(channel);
    if (!v.attached.has(channel) && !v.attaching.has(channel)) {
      v.attaching.add(channel);
      this.send(v, '', () => ({ action: ATTACH, channel }));
    }
    this.send(v, channel, () => ({
      action: PRESENCE,
      channel,
      msgSerial: v.msgSerial++,
      presence: [
        {
          action: ACTION[message.action],
          clientId: message.clientId,
          data: message.data,
          ...(message.encoding ? { encoding: message.encoding } : {}),
        },
      ],
    }));
  }

  private open(from: string, relayId: string, clientId: string): Virtual {
    const virtual: Virtual = {
      from,
      relayId,
      clientId,
      connection: null as unknown as EngineConnection,
      connected: false,
      closed: false,
      attached: new Set(),
      attaching: new Set(),
      present: new Set(),
      queue: [],
      msgSerial: 0,
      flushing: false,
      flushAgain: false,
    };
    const onFrame = (frame: Frame) => {
      if (typeof frame !== 'string') return;
      let pm: { action?: number; channel?: string };
      try {
        pm = JSON.parse(frame);
      } catch {
        return;
      }
      if (pm.action === CONNECTED) {
        virtual.connected = true;
        this.flush(virtual);
      } else if (pm.action === ATTACHED && pm.channel) {
        virtual.attaching.delete(pm.channel);
        virtual.attached.add(pm.channel);
        this.flush(virtual);
      }
    };
    virtual.connection = this.engine().openConnection(
      { key: MOCK_ABLY_KEY, clientId, format: 'json', v: '2', heartbeats: 'false' },
      {},
      {
        send: onFrame,
        close: () => {
          virtual.closed = true;
        },
      },
    );
    return virtual;
  }

  private send(virtual: Virtual, channel: string, frame: () => object): void {
    virtual.queue.push({ channel, frame });
    this.flush(virtual);
  }

  private flush(virtual: Virtual): void {
    if (!virtual.connected || virtual.closed) return;
    // The engine answers synchronously (ATTACH → ATTACHED → flush again): never re-enter.
    if (virtual.flushing) {
      virtual.flushAgain = true;
      return;
    }
    virtual.flushing = true;
    try {
      do {
        virtual.flushAgain = false;
        const items = virtual.queue;
        virtual.queue = [];
        for (const item of items) {
          if (!virtual.closed && (item.channel === '' || virtual.attached.has(item.channel))) {
            virtual.connection.receive(JSON.stringify(item.frame()));
          } else {
            virtual.queue.push(item);
          }
        }
      } while (virtual.flushAgain);
    } finally {
      virtual.flushing = false;
    }
  }

  /** A remote connection (or, without relayId, a whole tab) went away: its members leave now. */
  drop(from: string, relayId?: string): void {
    for (const [key, virtual] of this.virtuals) {
      if (virtual.from !== from || (relayId && virtual.relayId !== relayId)) continue;
      this.virtuals.delete(key);
      if (!virtual.closed) {
        virtual.connection.receive(JSON.stringify({ action: CLOSE }));
        virtual.connection.transportClosed();
        virtual.closed = true;
      }
    }
  }

  /** Every mirrored member leaves (reset, tests). */
  clear(): void {
    const tabs = new Set([...this.virtuals.values()].map((v) => v.from));
    for (const tab of tabs) this.drop(tab);
  }
}
