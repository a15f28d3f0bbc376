import type { Connection } from './connection';
import { errors } from './errors';
import { discard } from './lifecycle';
import { Action } from './protocol';
import type { BrokerState } from './state';
import { isRecord } from './validate';

// POST /keys/{keyName}/revokeTokens (key auth): refuse a clientId's tokens issued before a
// time, and take their live connections away — at once, or after a re-auth margin during
// which the server asks them (AUTH, RTN22) to fetch a fresh token. docs/architecture.md §4.

const MAX_TARGETS = 100;
const MAX_PAST_MS = 3600 * 1000;

export interface RevocationResult {
  successCount: number;
  failureCount: number;
  results: Array<
    | { target: string; appliesAt: number; issuedBefore: number }
    | { target: string; error: ReturnType<ReturnType<typeof errors.badRequest>['toWire']> }
  >;
}

export function revokeTokens(
  state: BrokerState,
  keyName: string,
  input: unknown,
): RevocationResult {
  if (!isRecord(input)) throw errors.invalidBody('revokeTokens body must be an object');
  const { targets, issuedBefore: rawBefore, allowReauthMargin } = input;
  if (!Array.isArray(targets) || targets.length === 0 || targets.length > MAX_TARGETS) {
    throw errors.badRequest(`targets must be an array of 1..${MAX_TARGETS} "type:value" strings`);
  }
  const now = state.now();
  const issuedBefore = rawBefore ?? now;
  if (typeof issuedBefore !== 'number' || !Number.isFinite(issuedBefore)) {
    throw errors.invalidParameter('issuedBefore must be a timestamp in ms');
  }
  if (issuedBefore > now + 1000) throw errors.invalidParameter('issuedBefore is in the future');
  if (issuedBefore < now - MAX_PAST_MS) {
    throw errors.invalidParameter('issuedBefore is more than an hour in the past');
  }
  const appliesAt = allowReauthMargin === true ? now + state.config.revocationReauthMarginMs : now;
  const clientIds = new Set<string>();
  const results: RevocationResult['results'] = targets.map((target: unknown) => {
    const text = typeof target === 'string' ? target : String(target);
    const colon = text.indexOf(':');
    const type = colon > 0 ? text.slice(0, colon) : '';
    const value = text.slice(colon + 1);
    if (type !== 'clientId' || !value) {
      const why =
        type === 'revocationKey' || type === 'channel'
          ? `target type ${type} is not supported by the local broker`
          : 'target must be "clientId:<id>"';
      return { target: text, error: errors.badRequest(why).toWire() };
    }
    state.keys.revocations.add(keyName, value, issuedBefore, appliesAt);
    clientIds.add(value);
    return { target: text, appliesAt, issuedBefore };
  });
  if (clientIds.size > 0) {
    if (appliesAt > now) {
      for (const conn of affected(state, keyName, clientIds)) {
        conn.send({ action: Action.AUTH }); // "get a new token before appliesAt"
      }
      // A timer can fire a millisecond before the wall clock reaches appliesAt: enforce as of
      // appliesAt, or the connections it is for would never be cut.
      const t = setTimeout(() => enforce(state, keyName, clientIds, appliesAt), appliesAt - now);
      (t as { unref?: () => void }).unref?.();
    } else enforce(state, keyName, clientIds, now);
  }
  const failureCount = results.filter((r) => 'error' in r).length;
  return { successCount: results.length - failureCount, failureCount, results };
}

function affected(state: BrokerState, keyName: string, clientIds: Set<string>): Connection[] {
  return [...state.connections.values()].filter(
    (c) =>
      c.auth.keyName === keyName &&
      c.auth.clientId !== undefined &&
      clientIds.has(c.auth.clientId) &&
      state.keys.revocations.isTargeted(c.auth),
  );
}

/**
 * Connections still on a revoked token are told DISCONNECTED 40141 (a token error: the SDK
 * tries to renew, RTN15h2) and are forgotten at once: presence leaves now, channels go, and
 * a resume attempt gets a fresh connection whose channels are checked against the new token.
 */
function enforce(state: BrokerState, keyName: string, clientIds: Set<string>, asOf: number): void {
  if (state.closed) return;
  const now = Math.max(state.now(), asOf);
  for (const conn of affected(state, keyName, clientIds)) {
    if (!state.keys.revocations.isRevoked(conn.auth, now)) continue;
    if (conn.transport)
      conn.send({ action: Action.DISCONNECTED, error: errors.tokenRevoked().toWire() });
    discard(state, conn, 'token revoked');
  }
}
