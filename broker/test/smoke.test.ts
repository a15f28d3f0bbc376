import { afterEach, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker } from './support';

afterEach(closeAll);

test('smoke: key auth, attach, publish, receive', async () => {
  const b = await startTestBroker();
  const a = b.realtime({ clientId: 'alice' });
  await connected(a);
  const ch = a.channels.get('room:1');
  const rec = await recorder(ch);
  await ch.publish('hello', { x: 1 });
  const [m] = await rec.until(1);
  expect(m!.name).toBe('hello');
  expect(m!.data).toEqual({ x: 1 });
  expect(m!.clientId).toBe('alice');
});
