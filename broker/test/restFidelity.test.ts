import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker } from './support';

// REST details as Ably has them: 404 for any unknown route, the bare single-spec batch
// answer, publishing on behalf of a realtime connection with its connectionKey.

afterEach(closeAll);

type Broker = Awaited<ReturnType<typeof startTestBroker>>;

async function call(b: Broker, method: string, path: string, body?: unknown) {
  const res = await fetch(`${b.url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(b.key).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('REST fidelity', () => {
  test('an unknown route is 404 40400 whatever the method', async () => {
    const b = await startTestBroker();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['DELETE', '/channels/x/messages'],
      ['PUT', '/time'],
      ['POST', '/channels/x'],
    ] as const) {
      const r = await call(b, method, path, method === 'GET' ? undefined : {});
      expect([r.status, r.body], `${method} ${path}`).toMatchObject([
        404,
        { error: { code: 40400, statusCode: 404 } },
      ]);
    }
  });

  test('POST /messages with one bare spec answers the flat per-channel array', async () => {
    const b = await startTestBroker();
    const single = await call(b, 'POST', '/messages', {
      channels: ['a', 'b', ':bad'],
      messages: { name: 'x' },
    });
    expect(single.status).toBe(201);
    expect(single.body).toMatchObject([
      { channel: 'a', messageId: expect.any(String) },
      { channel: 'b', messageId: expect.any(String) },
      { channel: ':bad', error: { code: 40010 } },
    ]);
    const many = await call(b, 'POST', '/messages', [{ channels: 'a', messages: [{ name: 'y' }] }]);
    expect(many.body).toMatchObject([{ successCount: 1, failureCount: 0 }]);
  });

  test('a REST publish with a connectionKey is stamped with that connection (echo applies)', async () => {
    const b = await startTestBroker();
    const owner = b.realtime({ echoMessages: false });
    await connected(owner);
    const ownRec = await recorder(owner.channels.get('ck'));
    const other = b.realtime();
    const rec = await recorder(other.channels.get('ck'));
    await b
      .rest()
      .channels.get('ck')
      .publish({
        name: 'on-behalf',
        data: 'x',
        connectionKey: owner.connection.key,
      } as never);
    const [m] = await rec.until(1);
    expect(m!.connectionId).toBe(owner.connection.id);
    expect((m as unknown as Record<string, unknown>).connectionKey).toBeUndefined();
    const history = await b.rest().channels.get('ck').history();
    expect(history.items[0]!.connectionId).toBe(owner.connection.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(ownRec.messages).toEqual([]);

    const bad = await call(b, 'POST', '/channels/ck/messages', {
      name: 'x',
      connectionKey: 'nope!nope',
    });
    expect([bad.status, bad.body]).toMatchObject([400, { error: { code: 40006 } }]);
  });
});
