import type { WebSocketHandler } from 'msw';
import { announceTabGone, createRealtimeBridge, liveConnections, localMembers } from './bridge';
import type { InPageEngine } from './engineTypes';
import { isOffline, reconnectDelay } from './faults';
import { PresenceMirror } from './presenceMirror';
import { addPublishSink } from './publisher';
import { onRelay, relay, TAB_ID } from './relay';

// Mock-mode realtime in one tab (ADR 0041): the in-page broker engine, the MSW ws handler
// that feeds it, the publish sinks for mutations, and the cross-tab relay.

export interface MockRealtime {
  handlers: WebSocketHandler[];
  stats: () => { connections: number; remoteMembers: number };
}

type LockManagerLike = {
  request(name: string, options: object, callback: () => Promise<unknown>): Promise<unknown>;
  request(name: string, callback: () => Promise<unknown>): Promise<unknown>;
};
const locks = (): LockManagerLike | undefined =>
  (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;

export function startRealtime(engine: InPageEngine): MockRealtime {
  const getEngine = () => engine;
  const mirror = new PresenceMirror(getEngine);
  const handlers = createRealtimeBridge({
    engine: getEngine,
    refuse: isOffline,
    holdFor: reconnectDelay,
  });

  // Mutations made in this tab: into our engine, and to every other tab's engine.
  addPublishSink((p) => {
    engine.publish(p.channel, [{ name: p.name, data: p.data }]);
  });
  addPublishSink((p) => {
    relay({ type: 'publish', channel: p.channel, name: p.name, data: p.data });
  });

  // Tab liveness without timers: each tab holds a lock named after itself for its lifetime;
  // waiting for another tab's lock resolves when that tab is gone (closed or crashed).
  const watched = new Set<string>();
  const watchTab = (tab: string) => {
    const manager = locks();
    if (!manager || watched.has(tab)) return;
    watched.add(tab);
    void manager.request(`glowdesk.mock.tab.${tab}`, async () => {
      mirror.drop(tab);
      watched.delete(tab);
    });
  };
  void locks()?.request(`glowdesk.mock.tab.${TAB_ID}`, () => new Promise(() => {}));

  onRelay((message) => {
    switch (message.type) {
      case 'publish':
        engine.publish(message.channel, [{ name: message.name, data: message.data }]);
        break;
      case 'presence':
        watchTab(message.from);
        mirror.handle(message);
        break;
      case 'gone':
        mirror.handle(message);
        break;
      case 'hello':
        for (const { relayId, member } of localMembers()) {
          relay({
            type: 'presence',
            from: TAB_ID,
            relayId,
            channel: member.channel,
            clientId: member.clientId,
            action: 'enter',
            data: member.data,
            ...(member.encoding ? { encoding: member.encoding } : {}),
          });
        }
        break;
      case 'reset':
        location.reload();
        break;
    }
  });
  relay({ type: 'hello', from: TAB_ID });
  addEventListener('pagehide', announceTabGone);

  return {
    handlers,
    stats: () => ({ connections: liveConnections().length, remoteMembers: mirror.size() }),
  };
}
