import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, startTestBroker, waitFor } from './support';

// GET /channels/{name}/presence/history (RSP4): enter/update/leave events, paginated.

afterEach(closeAll);

describe('presence history', () => {
  test('enter, update, leave (and a synthesised leave) come back newest first, paginated', async () => {
    const b = await startTestBroker();
    const ava = b.realtime({ clientId: 'ava' });
    const p = ava.channels.get('session:t1:presence').presence;
    await p.enter({ typing: false });
    await p.update({ typing: true });
    await p.leave();
    const ben = b.realtime({ clientId: 'ben' });
    await ben.channels.get('session:t1:presence').presence.enter('hi');
    ben.close();
    await waitFor(
      () => b.broker.engine.presenceMembers('session:t1:presence').length === 0,
      'ben left',
    );

    const rest = b.rest().channels.get('session:t1:presence');
    const page = await rest.presence.history();
    expect(page.items.map((m) => `${m.clientId}:${m.action}`)).toEqual([
      'ben:leave',
      'ben:enter',
      'ava:leave',
      'ava:update',
      'ava:enter',
    ]);
    expect(page.items[3]!.data).toEqual({ typing: true });

    let small = await rest.presence.history({ limit: 2, direction: 'forwards' });
    const seen: string[] = [];
    for (;;) {
      seen.push(...small.items.map((m) => `${m.clientId}:${m.action}`));
      if (!small.hasNext()) break;
      small = (await small.next())!;
    }
    expect(seen).toEqual(['ava:enter', 'ava:update', 'ava:leave', 'ben:enter', 'ben:leave']);
    // Realtime clients read it too (over REST), and message history is not mixed in.
    await ava.channels.get('session:t1:presence').publish('m', 'x');
    const viaRealtime = await ava.channels.get('session:t1:presence').presence.history();
    expect(viaRealtime.items).toHaveLength(5);
  });

  test('needs history or subscribe capability', async () => {
    const b = await startTestBroker();
    const token = await b.jwt({ clientId: 'x', capability: { other: ['subscribe'] } });
    await expect(b.rest({ token }).channels.get('room').presence.history()).rejects.toMatchObject({
      code: 40160,
    });
  });
});
