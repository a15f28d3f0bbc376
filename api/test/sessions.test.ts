import type * as Ably from 'ably';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, DEMO_PASSWORD } from '../../contract';
import { DEMO, startTestApi, type TestApi, waitFor } from './helpers';

// Server-side sessions (ADR 0082): signing out ends the session at once, everywhere when asked,
// and takes the user's realtime access with it.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function signedIn(email: string) {
  const agent = api.anon();
  const res = await agent.post('/api/auth/login').send({ email, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
  return { agent, cookie };
}

describe('sessions', () => {
  it('a signed-out cookie is worth nothing, even replayed', async () => {
    const { agent, cookie } = await signedIn(DEMO.ben);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    expect((await agent.post('/api/auth/logout')).status).toBe(200);
    const replayed = await api.anon().get('/api/auth/me').set('Cookie', cookie);
    expect(replayed.status).toBe(401);
    const forged = await api.anon().get('/api/auth/me').set('Cookie', 'glowdesk_session=abc');
    expect(forged.status).toBe(401);
  });

  it('"sign out everywhere" ends every session of the user, not of others', async () => {
    const phone = await signedIn(DEMO.max);
    const laptop = await signedIn(DEMO.max);
    const other = await signedIn(DEMO.olivia);
    const res = await laptop.agent.post('/api/auth/logout-all');
    expect(res.body).toMatchObject({ sessionsEnded: 2 });
    expect((await phone.agent.get('/api/auth/me')).status).toBe(401);
    expect((await laptop.agent.get('/api/auth/me')).status).toBe(401);
    expect((await other.agent.get('/api/auth/me')).status).toBe(200);
  });

  it('a role change applies at the next request', async () => {
    const { agent } = await signedIn(DEMO.zoe);
    expect((await agent.get('/api/schedule?date=2030-01-01')).status).toBe(403);
    await api.database.sql.run(`UPDATE users SET role = 'manager' WHERE id = 'u_zoe'`);
    try {
      expect((await agent.get('/api/auth/me')).body.user.role).toBe('manager');
      expect((await agent.get('/api/schedule?date=2030-01-01')).status).toBe(200);
    } finally {
      await api.database.sql.run(`UPDATE users SET role = 'staff' WHERE id = 'u_zoe'`);
    }
  });

  it('signing out revokes the realtime token: the open connection loses its channels', async () => {
    const { agent } = await signedIn(DEMO.ben);
    const client = api.clientFor(agent);
    const channel = client.channels.get(channels.customerBookings('u_ben'));
    await channel.attach();
    const lost: Ably.ErrorInfo[] = [];
    client.connection.on((change) => {
      if (change.reason) lost.push(change.reason);
    });
    channel.on((change) => {
      if (change.reason) lost.push(change.reason);
    });
    expect((await agent.post('/api/auth/logout')).status).toBe(200);
    // The broker tells the connection its token is revoked (40141) and drops it; the SDK asks
    // for a new token, which the signed-out cookie cannot get (80019: the authCallback's 401),
    // so it stays disconnected.
    await waitFor(() => lost.some((e) => e.code === 40141), 5000, 'revocation notice');
    await waitFor(() => lost.some((e) => e.code === 80019), 5000, 'the failed re-authentication');
    expect(client.connection.state).not.toBe('connected');
    client.close();
  });
});
