import type * as Ably from 'ably';
import { afterEach, describe, expect, test } from 'vitest';
import { closeAll, connected, recorder, startTestBroker, waitFor } from './support';

// Token revocation (docs/architecture.md §4, §9): POST /keys/{keyName}/revokeTokens with
// key auth; a clientId's tokens issued before `issuedBefore` are refused, and its live
// connections are told (40141) and lose their channels and presence within seconds.

afterEach(closeAll);

type Broker = Awaited<ReturnType<typeof startTestBroker>>;

// Loosely typed on purpose: the tests read whichever field they assert on.
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of varying shape
type Json = any;

async function post(b: Broker, path: string, body: unknown, authorization: string) {
  const res = await fetch(`${b.url}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const basic = (b: Broker) => `Basic ${Buffer.from(b.key).toString('base64')}`;

/** A realtime client whose authCallback stops issuing tokens once its "session" is revoked. */
function customer(b: Broker, clientId: string, session: { revoked: boolean }) {
  return b.realtime({
    authCallback: (_p, cb) => {
      if (session.revoked) cb('session revoked', null);
      else
        b.jwt({ clientId, capability: { 'session:*': ['subscribe', 'presence'] } }).then((t) =>
          cb(null, t),
        );
    },
  });
}

describe('token revocation', () => {
  test('SDK revokeTokens: the live connection gets 40141, its presence leaves and its channel stops', async () => {
    const b = await startTestBroker();
    const session = { revoked: false };
    const ava = customer(b, 'ava', session);
    const avaChat = ava.channels.get('session:t1:chat');
    const avaRec = await recorder(avaChat);
    await ava.channels.get('session:t1:presence').presence.enter({ typing: false });

    const desk = b.realtime({ clientId: 'rita' });
    const deskPresence = desk.channels.get('session:t1:presence');
    await waitFor(async () => (await deskPresence.presence.get()).length === 1, 'ava present');
    const leaves: string[] = [];
    await deskPresence.presence.subscribe('leave', (m) => {
      leaves.push(m.clientId!);
    });
    const bystander = customer(b, 'ben', { revoked: false });
    await connected(bystander);

    const reasons: number[] = [];
    ava.connection.on((c: Ably.ConnectionStateChange) => {
      if (c.reason) reasons.push(c.reason.code);
    });
    session.revoked = true;
    const result = await b.rest().auth.revokeTokens([{ type: 'clientId', value: 'ava' }]);
    expect(result.successCount).toBe(1);
    expect(result.results[0]).toMatchObject({ target: 'clientId:ava' });
    expect((result.results[0] as Ably.TokenRevocationSuccessResult).appliesAt).toBeTypeOf('number');

    await waitFor(() => reasons.includes(40141), 'DISCONNECTED 40141', 5000);
    await waitFor(() => leaves.includes('ava'), 'ava leaves presence', 5000);
    expect(ava.connection.state).not.toBe('connected');
    expect(b.broker.engine.presenceMembers('session:t1:presence')).toHaveLength(0);
    expect(
      b.broker.engine.channelStatus('session:t1:chat').status.occupancy.metrics.subscribers,
    ).toBe(0);

    await b.rest().channels.get('session:t1:chat').publish('chat:message', 'after revocation');
    await new Promise((r) => setTimeout(r, 100));
    expect(avaRec.messages).toHaveLength(0);
    // Another user is untouched.
    expect(bystander.connection.state).toBe('connected');
  });

  test('old tokens are refused (connect, REST); tokens issued after issuedBefore work', async () => {
    const b = await startTestBroker();
    const old = await b.jwt({ clientId: 'ava', nowMs: Date.now() - 10_000 });
    const res = await post(
      b,
      `/keys/${b.keyName}/revokeTokens`,
      { targets: ['clientId:ava'], issuedBefore: Date.now() - 5_000 },
      basic(b),
    );
    expect(res.status).toBe(200);
    expect(res.body.results[0].issuedBefore).toBeLessThan(Date.now());

    const raw = await b.raw({ key: '', access_token: old });
    const f = await raw.next((x) => x.action === 6 || x.action === 9, 'rejection');
    expect(f).toMatchObject({ action: 6, error: { code: 40141, statusCode: 401 } });

    const viaRest = await fetch(`${b.url}/channels/x/messages`, {
      headers: { authorization: `Bearer ${Buffer.from(old).toString('base64')}` },
    });
    expect(viaRest.status).toBe(401);
    expect(((await viaRest.json()) as Json).error.code).toBe(40141);

    const fresh = await b.jwt({ clientId: 'ava' });
    const ok = b.realtime({ token: fresh });
    await connected(ok);
    // Other clientIds and key auth are not affected.
    await connected(
      b.realtime({ token: await b.jwt({ clientId: 'ben', nowMs: Date.now() - 10_000 }) }),
    );
  });

  test('the SDK renews after 40141 when the app still issues tokens (same user, new token)', async () => {
    const b = await startTestBroker();
    let issued = 0;
    const c = b.realtime({
      authCallback: (_p, cb) => {
        // The first token is from an earlier second than the revocation, renewals are not.
        b.jwt({ clientId: 'ava', nowMs: issued++ === 0 ? Date.now() - 2000 : Date.now() }).then(
          (t) => cb(null, t),
        );
      },
    });
    const rec = await recorder(c.channels.get('session:t2:chat'));
    const reasons: number[] = [];
    c.connection.on((ch: Ably.ConnectionStateChange) => {
      if (ch.reason) reasons.push(ch.reason.code);
    });
    // JWT `iat` has second resolution: revoking "before the start of this second" lets a
    // token minted right after the revocation through (see broker/README.md).
    const issuedBefore = Math.floor(Date.now() / 1000) * 1000;
    await post(
      b,
      `/keys/${b.keyName}/revokeTokens`,
      { targets: ['clientId:ava'], issuedBefore },
      basic(b),
    );
    await waitFor(() => reasons.includes(40141), '40141');
    await c.connection.whenState('connected');
    expect(issued).toBe(2);
    await b.rest().channels.get('session:t2:chat').publish('m', 'back');
    await rec.until(1);
  });

  test('allowReauthMargin: the server asks for a new token (AUTH) and a re-authed client survives', async () => {
    const b = await startTestBroker({ revocationReauthMarginMs: 400 });
    let issued = 0;
    const c = b.realtime({
      authCallback: (_p, cb) => {
        // The first token is from an earlier second than the revocation, renewals are not.
        b.jwt({ clientId: 'ava', nowMs: issued++ === 0 ? Date.now() - 2000 : Date.now() }).then(
          (t) => cb(null, t),
        );
      },
    });
    const rec = await recorder(c.channels.get('room'));
    const id = c.connection.id;
    // A raw client that ignores the hint is cut when the margin ends.
    const raw = await b.raw({
      key: '',
      access_token: await b.jwt({ clientId: 'ava', nowMs: Date.now() - 2000 }),
    });
    await raw.next((f) => f.action === 4, 'CONNECTED');
    const res = await post(
      b,
      `/keys/${b.keyName}/revokeTokens`,
      {
        targets: ['clientId:ava'],
        issuedBefore: Math.floor(Date.now() / 1000) * 1000,
        allowReauthMargin: true,
      },
      basic(b),
    );
    expect(res.body.results[0].appliesAt).toBeGreaterThan(Date.now() + 100);
    await raw.next((f) => f.action === 17, 'AUTH hint');
    await waitFor(() => issued >= 2, 'SDK fetched a new token');
    const cut = await raw.next((f) => f.action === 6, 'DISCONNECTED after the margin');
    expect(cut).toMatchObject({ error: { code: 40141 } });
    expect(c.connection.state).toBe('connected');
    expect(c.connection.id).toBe(id);
    await b.rest().channels.get('room').publish('m', 'still here');
    await rec.until(1);
  });

  test('the margin is enforced even when its timer fires before the clock reaches appliesAt', async () => {
    // Timers run on the event loop's clock, which can be a millisecond behind Date.now(); a
    // frozen broker clock is the extreme case of that.
    const b = await startTestBroker({ revocationReauthMarginMs: 50 });
    const raw = await b.raw({
      key: '',
      access_token: await b.jwt({ clientId: 'ava', nowMs: Date.now() - 2000 }),
    });
    await raw.next((f) => f.action === 4, 'CONNECTED');
    const frozen = Date.now();
    b.broker.engine.now = () => frozen;
    const res = await post(
      b,
      `/keys/${b.keyName}/revokeTokens`,
      { targets: ['clientId:ava'], issuedBefore: frozen, allowReauthMargin: true },
      basic(b),
    );
    expect(res.body.results[0].appliesAt).toBe(frozen + 50);
    const cut = await raw.next((f) => f.action === 6, 'DISCONNECTED after the margin');
    expect(cut).toMatchObject({ error: { code: 40141 } });
  });

  test('refused: token auth (40162), another key, bad bodies (400)', async () => {
    const b = await startTestBroker();
    const token = await b.jwt({ clientId: 'ava' });
    const path = `/keys/${b.keyName}/revokeTokens`;
    const withToken = await post(b, path, { targets: ['clientId:ava'] }, `Bearer ${token}`);
    expect(withToken.status).toBe(401);
    expect(withToken.body.error.code).toBe(40162);
    const otherKey = await post(
      b,
      '/keys/app.other/revokeTokens',
      { targets: ['clientId:a'] },
      basic(b),
    );
    expect(otherKey.status).toBe(401);
    for (const body of [
      {},
      { targets: [] },
      { targets: 'clientId:a' },
      { targets: ['clientId:a'], issuedBefore: Date.now() + 60_000 },
      { targets: ['clientId:a'], issuedBefore: Date.now() - 2 * 3600_000 },
    ]) {
      const r = await post(b, path, body, basic(b));
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    const mixed = await post(
      b,
      path,
      { targets: ['clientId:a', 'channel:x', 'nonsense'] },
      basic(b),
    );
    expect(mixed.body).toMatchObject({ successCount: 1, failureCount: 2 });
  });
});
