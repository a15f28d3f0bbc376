import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, recorder, startTestBroker, waitFor } from './support';

afterEach(closeAll);

const bytes = Buffer.from([0, 1, 2, 250, 255, 128, 10, 13]);

describe('formats', () => {
  test('format=msgpack on WebSocket: binary data arrives intact for msgpack and JSON subscribers', async () => {
    const b = await startTestBroker();
    const pub = b.realtime({ useBinaryProtocol: true });
    const mpSub = b.realtime({ useBinaryProtocol: true });
    const jsonSub = b.realtime({ useBinaryProtocol: false });
    const a = await recorder(mpSub.channels.get('bin'));
    const j = await recorder(jsonSub.channels.get('bin'));
    await pub.channels.get('bin').publish('blob', bytes);
    await pub.channels.get('bin').publish('obj', { nested: { ok: true }, list: [1, 2] });
    await pub.channels.get('bin').publish('text', 'héllo ✓');
    for (const rec of [a, j]) {
      const [blob, obj, text] = await rec.until(3);
      expect(Buffer.from(blob!.data)).toEqual(bytes);
      expect(obj!.data).toEqual({ nested: { ok: true }, list: [1, 2] });
      expect(text!.data).toBe('héllo ✓');
    }
  });

  test('application/x-msgpack REST publish of binary reaches a JSON realtime client', async () => {
    const b = await startTestBroker();
    const sub = b.realtime({ useBinaryProtocol: false });
    const rec = await recorder(sub.channels.get('rb'));
    await b.rest({ useBinaryProtocol: true }).channels.get('rb').publish('blob', bytes);
    const [m] = await rec.until(1);
    expect(Buffer.from(m!.data)).toEqual(bytes);
  });

  test('encoding is passed through untouched', async () => {
    const b = await startTestBroker();
    const sub = b.realtime({ useBinaryProtocol: true });
    const rec = await recorder(sub.channels.get('enc'));
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({
      action: 15,
      channel: 'enc',
      msgSerial: 0,
      messages: [
        { name: 'b64', data: Buffer.from('hello').toString('base64'), encoding: 'base64' },
        { name: 'json', data: '{"a":1}', encoding: 'json' },
      ],
    });
    const [b64, json] = await rec.until(2);
    expect(Buffer.from(b64!.data).toString()).toBe('hello');
    expect(json!.data).toEqual({ a: 1 });
  });
});

describe('history and rewind', () => {
  async function seed(n: number, channel = 'h') {
    const b = await startTestBroker();
    const rest = b.rest();
    for (let i = 0; i < n; i++) await rest.channels.get(channel).publish('m', { i });
    return { b, rest };
  }

  test('GET /channels/{name}/messages: limit, direction and Link pagination', async () => {
    const { rest } = await seed(7);
    const ch = rest.channels.get('h');
    let page = await ch.history({ limit: 3 });
    const seen: number[] = [];
    for (;;) {
      seen.push(...page.items.map((m) => m.data.i));
      if (!page.hasNext()) break;
      page = (await page.next())!;
    }
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
    const fwd = await ch.history({ direction: 'forwards', limit: 4 });
    expect(fwd.items.map((m) => m.data.i)).toEqual([0, 1, 2, 3]);
    expect(fwd.hasNext()).toBe(true);
    const fwd2 = await fwd.next();
    expect(fwd2!.items.map((m) => m.data.i)).toEqual([4, 5, 6]);
    expect(fwd2!.hasNext()).toBe(false);
    const first = fwd.items[0]!;
    expect(first.id).toBeTruthy();
    expect(first.timestamp).toBeGreaterThan(0);
  });

  test('start/end select a time window', async () => {
    const b = await startTestBroker();
    const ch = b.rest().channels.get('win');
    await ch.publish('early', '1');
    const early = (await ch.history()).items[0]!.timestamp!;
    await waitFor(() => Date.now() > early + 5);
    await ch.publish('late', '2');
    const late = (await ch.history({ start: early + 1 })).items.map((m) => m.name);
    expect(late).toEqual(['late']);
    const onlyEarly = (await ch.history({ end: early })).items.map((m) => m.name);
    expect(onlyEarly).toEqual(['early']);
  });

  test('realtime channel.history() works over the same connection options', async () => {
    const { b } = await seed(3, 'rt');
    const c = b.realtime();
    const page = await c.channels.get('rt').history({ limit: 2 });
    expect(page.items.map((m) => m.data.i)).toEqual([2, 1]);
  });

  test('history({ untilAttach: true }) stops at the attach point', async () => {
    const { b, rest } = await seed(3, 'ua');
    const c = b.realtime();
    const ch = c.channels.get('ua');
    await ch.attach();
    await rest.channels.get('ua').publish('after-attach', '1');
    const page = await ch.history({ untilAttach: true });
    expect(page.items.map((m) => m.data.i)).toEqual([2, 1, 0]);
  });

  test('retention keeps at most historyMaxMessages and nothing older than historyMaxAgeMs', async () => {
    const b = await startTestBroker({ historyMaxMessages: 5, historyMaxAgeMs: 300 });
    const ch = b.rest().channels.get('ret');
    for (let i = 0; i < 8; i++) await ch.publish('m', { i });
    const page = await ch.history({ limit: 100 });
    expect(page.items.map((m) => m.data.i)).toEqual([7, 6, 5, 4, 3]);
    await waitFor(() => Date.now() - page.items[0]!.timestamp! > 350);
    expect((await ch.history()).items).toEqual([]);
  });

  test('rewind by count and by duration on attach', async () => {
    const { b } = await seed(5, 'rw');
    const c = b.realtime();
    const two = await recorder(c.channels.get('rw', { params: { rewind: '2' } }));
    expect((await two.until(2)).map((m) => m.data.i)).toEqual([3, 4]);
    const c2 = b.realtime();
    const all = await recorder(c2.channels.get('rw', { params: { rewind: '1m' } }));
    expect((await all.until(5)).map((m) => m.data.i)).toEqual([0, 1, 2, 3, 4]);
    const bad = b.realtime().channels.get('rw', { params: { rewind: 'soon' } });
    await expect(bad.attach()).rejects.toMatchObject({ code: 40003 });
  });

  test('re-attach with a channelSerial on the same connection replays from that point', async () => {
    const b = await startTestBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 10, channel: 'cs' });
    const attached = await raw.next((f) => f.action === 11, 'ATTACHED');
    const rest = b.rest().channels.get('cs');
    await rest.publish('a', '1');
    const first = await raw.next((f) => f.action === 15, 'first message');
    await rest.publish('b', '2');
    await rest.publish('c', '3');
    await raw.next((f) => f.action === 15, 'b');
    await raw.next((f) => f.action === 15, 'c');
    raw.send({ action: 10, channel: 'cs', channelSerial: first.channelSerial });
    const again = await raw.next((f) => f.action === 11, 'ATTACHED again');
    expect((again.flags as number) & 4).toBe(4); // RESUMED
    const b2 = await raw.next((f) => f.action === 15, 'replayed b');
    const c2 = await raw.next((f) => f.action === 15, 'replayed c');
    expect([b2, c2].map((f) => (f.messages as Array<{ name: string }>)[0]!.name)).toEqual([
      'b',
      'c',
    ]);
    expect(attached.channelSerial).toBeTruthy();
  });
});

describe('more REST', () => {
  test('POST /messages batch publish', async () => {
    const b = await startTestBroker();
    const sub = b.realtime();
    const r1 = await recorder(sub.channels.get('b1'));
    const r2 = await recorder(sub.channels.get('b2'));
    const result = await b.rest().batchPublish({
      channels: ['b1', 'b2'],
      messages: [{ name: 'queue:update', data: { ticketId: 't1' } }],
    });
    expect(result.successCount).toBe(2);
    expect(result.failureCount).toBe(0);
    await r1.until(1);
    await r2.until(1);
  });

  test('GET /channels/{name}/presence, GET /time, GET /stats, GET /channels/{name}', async () => {
    const b = await startTestBroker();
    const c = b.realtime({ clientId: 'here' });
    await c.channels.get('pres').presence.enter({ typing: false });
    const rest = b.rest();
    const members = await rest.channels.get('pres').presence.get();
    expect(members.items.map((m) => [m.clientId, m.data])).toEqual([['here', { typing: false }]]);
    const t = await rest.time();
    expect(Math.abs(t - Date.now())).toBeLessThan(2000);
    const stats = await fetch(`${b.url}/stats`, {
      headers: { authorization: `Basic ${btoa(b.key)}` },
    }).then((r) => r.json());
    expect(stats[0]).toMatchObject({ connections: 1, channels: 1 });
    expect(stats[0]).toHaveProperty('messagesInPerSecond');
    const status = await rest.channels.get('pres').status();
    expect(status.status.occupancy.metrics.presenceMembers).toBe(1);
  });
});
