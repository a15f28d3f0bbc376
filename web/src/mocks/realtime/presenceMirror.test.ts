import { afterEach, describe, expect, it } from 'vitest';
import { BrokerEngine } from '../../../../broker/core';
import { MOCK_ABLY_KEY } from './config';
import { engineAdapter } from './engine';
import { PresenceMirror } from './presenceMirror';

// The presence mirror replays another tab's members into this tab's engine with virtual
// connections; a subscriber of this engine must see them enter and leave like local ones.

const engines: BrokerEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.close();
});

async function until<T>(probe: () => T | undefined, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Frame = {
  action: number;
  channel?: string;
  presence?: Array<{ action: number; clientId?: string }>;
};

function subscriber(engine: BrokerEngine, channel: string) {
  const frames: Frame[] = [];
  const handle = engine.openConnection(
    { key: MOCK_ABLY_KEY, format: 'json', heartbeats: 'true' },
    {},
    { send: (f) => frames.push(JSON.parse(String(f))), close: () => {} },
  );
  const ready = until(() => frames.find((f) => f.action === 4)).then(() => {
    handle.receive(JSON.stringify({ action: 10, channel }));
    return until(() => frames.find((f) => f.action === 11 && f.channel === channel));
  });
  const presence = () => frames.filter((f) => f.action === 14).flatMap((f) => f.presence ?? []);
  return { ready, presence };
}

describe('PresenceMirror', () => {
  it('mirrors a remote member into the engine and removes it when its connection goes', async () => {
    const engine = new BrokerEngine({ keys: [{ key: MOCK_ABLY_KEY }] });
    engines.push(engine);
    const channel = 'session:tk_1:presence';
    const watcher = subscriber(engine, channel);
    await watcher.ready;

    const mirror = new PresenceMirror(() => engineAdapter(engine));
    const data = JSON.stringify({ userId: 'u_ava', name: 'Ava', role: 'customer', typing: false });
    mirror.handle({
      type: 'presence',
      from: 'tab-a',
      relayId: 'conn-1',
      channel,
      clientId: 'u_ava',
      action: 'enter',
      data,
      encoding: 'json',
    });
    const entered = await until(() => watcher.presence().find((p) => p.clientId === 'u_ava'));
    expect(entered.action).toBe(2);
    expect(engine.presenceMembers(channel).map((m) => m.clientId)).toEqual(['u_ava']);

    mirror.handle({
      type: 'presence',
      from: 'tab-a',
      relayId: 'conn-1',
      channel,
      clientId: 'u_ava',
      action: 'update',
      data: JSON.stringify({ userId: 'u_ava', name: 'Ava', role: 'customer', typing: true }),
      encoding: 'json',
    });
    await until(() => watcher.presence().find((p) => p.action === 4) ?? undefined);

    mirror.handle({ type: 'gone', from: 'tab-a', relayId: 'conn-1' });
    await until(() => watcher.presence().find((p) => p.action === 3) ?? undefined);
    expect(engine.presenceMembers(channel)).toEqual([]);
    expect(mirror.size()).toBe(0);
  });
});
