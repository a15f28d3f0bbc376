import { mintAblyJwt } from '../../../broker/core';
import type { Capability, TokenResponse, User } from '../../../contract';
import type { ApiKey } from './keys';

/**
 * The token endpoint's answer: an Ably JWT carrying the capability and the user id as
 * clientId, minted by the one minter (broker/core/jwt.ts). Ably and the local broker both
 * accept it as a token.
 */
export async function mintAblyToken(
  key: ApiKey,
  user: User,
  capability: Capability,
  ttlS: number,
  now: Date = new Date(),
): Promise<TokenResponse> {
  const { token, expires } = await mintAblyJwt(key.key, {
    clientId: user.id,
    capability,
    ttlSeconds: ttlS,
    nowMs: now.getTime(),
  });
  return { token, expires, clientId: user.id, capability };
}
