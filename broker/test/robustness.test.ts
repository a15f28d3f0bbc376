import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { closeAll, recorder, startTestBroker, waitFor } from './support';

afterEach(closeAll);

const garbage: Array<[string, string | Buffer | Record<string, unknown>]> = [
  ['not JSON', '{{{ nope'],
  ['JSON but not an object', '[1,2,3]'],
  ['no action', { channel: 'x' }],
  ['action of the wrong type', { action: 'ATTACH', channel: 'x' }],
  ['unknown action', { action: 99 }],
  ['server-only action', { action: 4 }],
  ['ATTACH without channel', { action: 10 }],
  ['ATTACH with a non-string channel', { action: 10, channel: 42 }],
  ['MESSAGE without msgSerial', { action: 15, channel: 'x', messages: [] }],
  ['AUTH without token', { action: 17, auth: {} }],
  ['binary garbage', Buffer.from([0xc1, 0xff, 0x00, 0x13])],
];

describe('malformed frames cost only that connection', () => {
  test.each(garbage)('%s → ERROR + close; a bystander keeps receiving', async (_name, frame) => {
    const b = await startTestBroker();
    const bystander = b.realtime();
    const rec = await recorder(bystander.channels.get('x'));
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    if (typeof frame === 'string' || Buffer.isBuffer(frame)) raw.sendRaw(frame);
    else raw.send(frame);
    const err = await raw.next((f) => f.action === 9, 'ERROR');
    expect(err.channel).toBeUndefined();
    expect((err.error as { code: number }).code).toBeGreaterThanOrEqual(40000);
    await raw.closed;
    const pub = b.realtime();
    await pub.channels.get('x').publish('after', 'garbage');
    await rec.until(1);
    expect(bystander.connection.state).toBe('connected');
  });

  test('bad message contents with a valid msgSerial get a NACK, not a disconnect', async () => {
    const b = await startTestBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 15, channel: 'x', msgSerial: 0, messages: [{ name: 5 }] });
    const nack = await raw.next((f) => f.action === 2, 'NACK');
    expect(nack.msgSerial).toBe(0);
    raw.send({ action: 15, channel: '', msgSerial: 1, messages: [{ name: 'a' }] });
    expect((await raw.next((f) => f.action === 2, 'NACK')).error).toMatchObject({ code: 40010 });
    raw.send({ action: 15, channel: 'x', msgSerial: 2, messages: [{ name: 'ok' }] });
    await raw.next((f) => f.action === 1 && f.msgSerial === 2, 'ACK');
  });

  test('ATTACH with bad flags gets a channel ERROR only', async () => {
    const b = await startTestBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 10, channel: 'x', flags: 'all' });
    const err = await raw.next((f) => f.action === 9, 'channel ERROR');
    expect(err.channel).toBe('x');
    raw.send({ action: 10, channel: 'y' });
    await raw.next((f) => f.action === 11 && f.channel === 'y', 'ATTACHED y');
  });
});

test('frames sent before CONNECTED are processed after it, in order', async () => {
  const b = await startTestBroker();
  const ws = new WebSocket(
    `ws://127.0.0.1:${b.port}/?key=${encodeURIComponent(b.key)}&format=json`,
  );
  const frames: Array<{ action: number }> = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ action: 10, channel: 'early' }));
  ws.send(JSON.stringify({ action: 0, id: 'p' }));
  await waitFor(() => frames.length >= 3, 'three frames');
  expect(frames.slice(0, 3).map((f) => f.action)).toEqual([4, 11, 0]);
  ws.terminate();
});
