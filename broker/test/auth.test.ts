import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { createAblyJwt } from '../core';
import { closeAll, connected, startTestBroker, waitFor } from './support';

afterEach(closeAll);

function tokenCallback(get: () => Promise<string>) {
  return (_p: unknown, cb: (err: Ably.ErrorInfo | string | null, t: string | null) => void) => {
    get().then(
      (t) => cb(null, t),
      (e) => cb(String(e), null),
    );
  };
}

/** Resolves with the first state change that carries an error. */
function firstError(client: Ably.Realtime): Promise<Ably.ConnectionStateChange> {
  return new Promise((resolve) => {
    client.connection.on((change) => {
      if (change.reason && (change.current === 'disconnected' || change.current === 'failed')) {
        resolve(change);
      }
    });
  });
}

describe('connect auth', () => {
  test('API key (key= query) connects; connectionDetails as Ably sends them', async () => {
    const b = await startTestBroker();
    const c = b.realtime({ clientId: 'desk-1' });
    await connected(c);
    expect(c.connection.id).toBeTruthy();
    expect(c.connection.key).toContain(c.connection.id!);
    expect(c.auth.clientId).toBe('desk-1');
    const details = (
      c.connection as unknown as {
        connectionManager: { connectionDetails: Record<string, unknown> };
      }
    ).connectionManager.connectionDetails;
    expect(details).toMatchObject({
      clientId: 'desk-1',
      maxMessageSize: 65536,
      maxIdleInterval: 15000,
      connectionStateTtl: 120000,
      serverId: b.broker.engine.serverId,
    });
  });

  test('Ably JWT via authCallback: clientId comes from the token', async () => {
    const b = await startTestBroker();
    const c = b.realtime({
      authCallback: tokenCallback(() => b.jwt({ clientId: 'user-7', capability: { '*': ['*'] } })),
    });
    await connected(c);
    expect(c.auth.clientId).toBe('user-7');
  });

  test('forged JWT (wrong secret) is refused with 40143 / 401', async () => {
    const b = await startTestBroker();
    const forged = () => createAblyJwt(`${b.keyName}:not-the-real-secret`, { clientId: 'x' });
    const c = b.realtime({ authCallback: tokenCallback(forged) });
    const change = await firstError(c);
    expect(change.reason?.code).toBe(40143);
    expect(change.reason?.statusCode).toBe(401);
    expect(c.connection.state).not.toBe('connected');
  });

  test('unknown API key fails the connection with 40101 / 401', async () => {
    const b = await startTestBroker();
    const c = b.realtime({ key: 'nobody.nokey:secret' });
    const change = await firstError(c);
    expect(change.current).toBe('failed');
    expect(change.reason?.code).toBe(40101);
    expect(change.reason?.statusCode).toBe(401);
  });

  test('wrong key secret fails with 40101', async () => {
    const b = await startTestBroker();
    const c = b.realtime({ key: `${b.keyName}:wrong` });
    const change = await firstError(c);
    expect(change.reason?.code).toBe(40101);
  });

  test('expired token is refused with 40142 / 401', async () => {
    const b = await startTestBroker();
    const expired = () => createAblyJwt(b.key, { ttlSeconds: 1, nowMs: Date.now() - 60_000 });
    const c = b.realtime({ authCallback: tokenCallback(expired) });
    const change = await firstError(c);
    expect(change.reason?.code).toBe(40142);
    expect(change.reason?.statusCode).toBe(401);
  });

  test('a clientId the token does not carry is refused (40102)', async () => {
    const b = await startTestBroker();
    const raw = await b.raw({
      key: '',
      access_token: await b.jwt({ clientId: 'u1' }),
      clientId: 'u2',
    });
    const f = await raw.next((x) => x.action === 9, 'ERROR');
    expect((f.error as { code: number }).code).toBe(40102);
    await raw.closed;
  });

  test('no credentials at all → 40100', async () => {
    const b = await startTestBroker();
    const raw = await b.raw({ key: '' });
    const f = await raw.next((x) => x.action === 9, 'ERROR');
    expect(f.error).toMatchObject({ code: 40100, statusCode: 401 });
  });

  test('max connections: the one over the limit is told to come back later (40150)', async () => {
    const b = await startTestBroker({ maxConnections: 1 });
    const first = b.realtime();
    await connected(first);
    const raw = await b.raw();
    const f = await raw.next((x) => x.action === 6, 'DISCONNECTED');
    expect((f.error as { code: number }).code).toBe(40150);
    await waitFor(() => first.connection.state === 'connected', 'first still connected');
  });
});
