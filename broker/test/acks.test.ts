import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker } from './support';

// ACK / NACK by msgSerial (RTN7): a re-sent serial gets the answer it got the first time.

afterEach(closeAll);

describe('acknowledgements', () => {
  test('a NACKed msgSerial that is re-sent is NACKed again, never ACKed or published', async () => {
    const b = await startTestBroker({ maxMessageSize: 100 });
    const sub = b.realtime();
    const rec = await recorder(sub.channels.get('acks'));
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    const big = {
      action: 15,
      channel: 'acks',
      msgSerial: 0,
      messages: [{ name: 'big', data: 'x'.repeat(500) }],
    };
    raw.send(big);
    const first = await raw.next((f) => f.msgSerial === 0, 'reply to 0');
    expect(first).toMatchObject({ action: 2, error: { code: 40009 } });
    // The SDK re-sends what it has not seen answered after a resume; a small body this time.
    raw.send({ ...big, messages: [{ name: 'small', data: 'ok' }] });
    const again = await raw.next((f) => f.msgSerial === 0, 'reply to the re-sent 0');
    expect(again).toMatchObject({ action: 2, error: { code: 40009 } });

    raw.send({ action: 15, channel: 'acks', msgSerial: 1, messages: [{ name: 'next' }] });
    expect(await raw.next((f) => f.msgSerial === 1, 'reply to 1')).toMatchObject({ action: 1 });
    raw.send({ action: 15, channel: 'acks', msgSerial: 1, messages: [{ name: 'next' }] });
    expect(await raw.next((f) => f.msgSerial === 1, 're-sent 1')).toMatchObject({ action: 1 });
    await rec.until(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(rec.messages.map((m) => m.name)).toEqual(['next']);
  });

  test('a refused SDK publish rejects with the NACK error and the connection carries on', async () => {
    const b = await startTestBroker();
    const c = b.realtime({
      authCallback: (_p, cb) => {
        b.jwt({ clientId: 'u', capability: { 'ro:*': ['subscribe'], 'rw:*': ['*'] } }).then((t) =>
          cb(null, t),
        );
      },
    });
    await connected(c);
    const ro = c.channels.get('ro:1');
    await ro.attach();
    await expect(ro.publish('x', 'no')).rejects.toMatchObject({ code: 40160 });
    const rw = c.channels.get('rw:1');
    const rec = await recorder(rw);
    await rw.publish('y', 'yes');
    await rec.until(1);
    expect(c.connection.state).toBe('connected');
  });
});
