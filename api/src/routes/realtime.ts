import type { Request, Response } from 'express';
import { ApiError } from '../../../contract';
import { capabilityFor } from '../../../domain';
import { currentUser } from '../auth/session';
import type { RouteDeps } from '../deps';
import { mintAblyToken } from '../realtime/token';

/**
 * `POST /api/ably/token`, the SPA's authCallback (docs/architecture.md §4), for a signed-in
 * request: app.ts mounts it on a flat route with the steps it needs.
 */
export function tokenHandler(deps: RouteDeps) {
  return async (req: Request, res: Response) => {
    const user = currentUser(req);
    const { key, mode, tokenTtlS } = deps.realtime;
    if (mode === 'off' || !key) {
      throw new ApiError('REALTIME_UNAVAILABLE', 'Realtime is switched off on this server');
    }
    const capability = await capabilityFor(deps.domain, user);
    // No-store comes with the API's headers (ADR 0100), ahead of this handler.
    res.json(await mintAblyToken(key, user, capability, tokenTtlS));
  };
}
