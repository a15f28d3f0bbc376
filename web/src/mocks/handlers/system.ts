import { http } from 'msw';
import { mintAblyJwt } from '../../../../broker/core';
import type { ClientConfig, TokenResponse } from '../../../../contract';
import { capabilityFor } from '../../../../domain';
import { MOCK_ABLY_KEY, MOCK_REALTIME_PORT, MOCK_TOKEN_TTL_S } from '../realtime/config';
import { mockDomain } from '../store/domainStore';
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
      const capability = await capabilityFor(mockDomain, me);
      const { token, expires } = await mintAblyJwt(MOCK_ABLY_KEY, {
        clientId: me.id,
        capability,
        ttlSeconds: tokenTtlS,
      });
      const body: TokenResponse = { token, expires, clientId: me.id, capability };
      return ok(body);
    }),
  ),
];
