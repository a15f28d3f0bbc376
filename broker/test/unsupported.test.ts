import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, recorder, startTestBroker } from './support';

// What the broker deliberately does not do yet (ADR 0061), pinned so a change is noticed.

afterEach(closeAll);

describe('not supported yet', () => {
  test('message updates/deletes: delivered messages have no serial, so the SDK refuses (40003)', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    const ch = c.channels.get('chat');
    const rec = await recorder(ch);
    await b.rest().channels.get('chat').publish('m', 'v1');
    const [m] = await rec.until(1);
    expect(m!.serial).toBeUndefined();
    await expect(ch.updateMessage(m!)).rejects.toMatchObject({ code: 40003 });
    await expect(ch.deleteMessage(m!)).rejects.toMatchObject({ code: 40003 });
  });
});
