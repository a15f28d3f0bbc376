import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, startTestBroker, waitFor } from './support';

afterEach(closeAll);

describe('connection lifecycle', () => {
  test('client HEARTBEAT is answered (connection.ping)', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    await connected(c);
    const rtt = await c.connection.ping();
    expect(rtt).toBeGreaterThanOrEqual(0);
  });

  test('server sends HEARTBEAT frames within maxIdleInterval when heartbeats=true', async () => {
    const b = await startTestBroker({ maxIdleIntervalMs: 200 });
    const raw = await b.raw({ heartbeats: 'true' });
    const connectedFrame = await raw.next((f) => f.action === 4, 'CONNECTED');
    expect((connectedFrame.connectionDetails as { maxIdleInterval: number }).maxIdleInterval).toBe(
      200,
    );
    await raw.next((f) => f.action === 0, 'first HEARTBEAT');
    await raw.next((f) => f.action === 0, 'second HEARTBEAT');
  });

  test('server pings at the WebSocket level for Node clients (heartbeats=false)', async () => {
    const b = await startTestBroker({ maxIdleIntervalMs: 200 });
    const raw = await b.raw({ heartbeats: 'false' });
    await new Promise<void>((resolve) => raw.ws.once('ping', () => resolve()));
  });

  test('CLOSE gets CLOSED and the SDK reaches closed; the broker forgets the connection', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    await connected(c);
    expect(b.broker.stats().connections).toBe(1);
    c.close();
    await c.connection.whenState('closed');
    // The SDK goes to closed as soon as it has sent CLOSE; the broker follows right after.
    await waitFor(() => b.broker.stats().connections === 0, 'broker to drop the connection');
    expect(b.broker.stats().suspendedConnections).toBe(0);
  });

  test('raw: CLOSE → CLOSED, then the socket closes', async () => {
    const b = await startTestBroker();
    const raw = await b.raw();
    await raw.next((f) => f.action === 4, 'CONNECTED');
    raw.send({ action: 7 });
    await raw.next((f) => f.action === 8, 'CLOSED');
    await raw.closed;
  });

  test('broker close() tells clients DISCONNECTED so they retry', async () => {
    const b = await startTestBroker();
    const c = b.realtime();
    await connected(c);
    const change = new Promise((resolve) => c.connection.once('disconnected', resolve));
    await b.broker.close();
    const ch = (await change) as { reason?: { code: number } };
    expect(ch.reason?.code).toBe(80003);
  });
});
