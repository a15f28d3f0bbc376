import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker } from './support';

// An invalid channel name is that channel's problem (40010 on the ATTACH or the publish),
// never the connection's: the connection and its other channels stay up.

afterEach(closeAll);

const invalid = ['', ':hell', '::', '[filter=name==`x`]x', 'line\nbreak'];

describe('invalid channel names', () => {
  test('SDK attach to an invalid name fails that channel with 40010; the rest carries on', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    const good = c.channels.get('good');
    const rec = await recorder(good);
    const id = c.connection.id;
    for (const name of invalid) {
      const ch = c.channels.get(name);
      await expect(ch.attach(), JSON.stringify(name)).rejects.toMatchObject({ code: 40010 });
      expect(ch.state).toBe('failed');
    }
    expect(c.connection.state).toBe('connected');
    expect(c.connection.id).toBe(id);
    await b.rest().channels.get('good').publish('still', 'here');
    await rec.until(1);
  });

  test('SDK publish to an invalid name is NACKed 40010 (realtime) / 400 40010 (REST)', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    await connected(c);
    await expect(c.channels.get(':hell').publish('m', 'x')).rejects.toMatchObject({
      code: 40010,
    });
    await expect(b.rest().channels.get('::').publish('m', 'x')).rejects.toMatchObject({
      code: 40010,
      statusCode: 400,
    });
    expect(c.connection.state).toBe('connected');
  });

  test('raw frames: channel-scoped ERROR for ATTACH, NACK for MESSAGE/PRESENCE, no connection ERROR', async () => {
    const b = await startTestBroker();
    const raw = await b.raw({ clientId: 'r' });
    await raw.next((f) => f.action === 4, 'CONNECTED');
    for (const name of invalid) {
      raw.send({ action: 10, channel: name });
      const err = await raw.next((f) => f.action === 9, `ERROR for ${JSON.stringify(name)}`);
      expect(err).toMatchObject({ channel: name, error: { code: 40010, statusCode: 400 } });
    }
    raw.send({ action: 15, channel: '', msgSerial: 0, messages: [{ name: 'm' }] });
    expect(await raw.next((f) => f.msgSerial === 0)).toMatchObject({
      action: 2,
      error: { code: 40010 },
    });
    raw.send({ action: 14, channel: ':x', msgSerial: 1, presence: [{ action: 2 }] });
    expect(await raw.next((f) => f.msgSerial === 1)).toMatchObject({
      action: 2,
      error: { code: 40010 },
    });
    raw.send({ action: 12, channel: '::' });
    await raw.next((f) => f.action === 13 && f.channel === '::', 'DETACHED');
    raw.send({ action: 10, channel: 'fine' });
    await raw.next((f) => f.action === 11 && f.channel === 'fine', 'ATTACHED fine');
    expect(raw.frames.filter((f) => f.action === 9 && f.channel === undefined)).toEqual([]);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
  });
});
