import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, startTestBroker, waitFor } from './support';

// Batch presence, GET /presence?channels=a,b (rest.batchPresence): per-channel results.

afterEach(closeAll);

// ably.d.ts types the answer as an array; the implementation (and ably-js's own tests) read
// one BatchResult, which is what Ably sends.
interface BatchPresence {
  successCount: number;
  failureCount: number;
  results: unknown[];
}

describe('batch presence', () => {
  test('members of several channels at once; a channel the token may not read fails alone', async () => {
    const b = await startTestBroker();
    const ava = b.realtime({ clientId: 'ava' });
    const ben = b.realtime({ clientId: 'ben' });
    await ava.channels.get('session:1:presence').presence.enter('a');
    await ben.channels.get('session:2:presence').presence.enter('b');
    await ben.channels.get('admin:x').presence.enter('secret');
    await waitFor(() => b.broker.engine.presenceMembers('admin:x').length === 1);

    const all = (await b
      .rest()
      .batchPresence([
        'session:1:presence',
        'session:2:presence',
        'empty',
      ])) as unknown as BatchPresence;
    expect(all.successCount).toBe(3);
    expect(all.results).toMatchObject([
      { channel: 'session:1:presence', presence: [{ clientId: 'ava', data: 'a' }] },
      { channel: 'session:2:presence', presence: [{ clientId: 'ben', data: 'b' }] },
      { channel: 'empty', presence: [] },
    ]);

    const token = await b.jwt({ clientId: 'desk', capability: { 'session:*': ['subscribe'] } });
    const limited = (await b
      .rest({ token })
      .batchPresence(['session:1:presence', 'admin:x', ':bad'])) as unknown as BatchPresence;
    expect(limited).toMatchObject({ successCount: 1, failureCount: 2 });
    expect(limited.results).toMatchObject([
      { channel: 'session:1:presence', presence: [{ clientId: 'ava' }] },
      { channel: 'admin:x', error: { code: 40160 } },
      { channel: ':bad', error: { code: 40010 } },
    ]);
  });

  test('no channels is a 400', async () => {
    const b = await startTestBroker();
    const res = await fetch(`${b.url}/presence`, {
      headers: { authorization: `Basic ${Buffer.from(b.key).toString('base64')}` },
    });
    expect(res.status).toBe(400);
  });
});
