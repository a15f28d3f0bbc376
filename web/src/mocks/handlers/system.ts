import { http } from 'msw';
import type { ClientConfig, TokenResponse } from '../../../../contract';
import { capabilityFor } from '../domain/auth';
import { MOCK_ABLY_KEY, MOCK_REALTIME_PORT, MOCK_TOKEN_TTL_S } from '../realtime/config';
import { mintAblyJwt } from '../realtime/jwt';
import { readDb } from '../store/db';
import { api, ok, route, user } from './http';

/** Seconds a freshly minted token lives; the dev toolbar can shorten it. */
let tokenTtlS = MOCK_TOKEN_TTL_S;
export function setMockTokenTtl(seconds: number | null): void {
  tokenTtlS = seconds ?? MOCK_TOKEN_TTL_S;
}

export const systemHandlers = [
  http.get(
    api('/health'),
    route(() => ok({ ok: true, realtime: 'mock' })),
  ),

  http.get(
    api('/config'),
    route(() => {
      const config: ClientConfig = { realtime: { mode: 'mock', port: MOCK_REALTIME_PORT } };
      return ok(config);
    }),
  ),

  http.post(
    api('/ably/token'),
    route(async () => {
      const me = user();
      const capability = readDb((db) => capabilityFor(db, me));
      const { token, expires } = await mintAblyJwt({
        key: MOCK_ABLY_KEY,
        clientId: me.id,
        capability,
        ttlSeconds: tokenTtlS,
      });
      const body: TokenResponse = { token, expires, clientId: me.id, capability };
      return ok(body);
    }),
  ),
];
