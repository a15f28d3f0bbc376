import { removeAttachment } from './attach';
import { modesForOps } from './capability';
import type { Connection } from './connection';
import { errors, isTokenError, toAblyError } from './errors';
import { connectionDetails, disconnect, fail, recount, scheduleExpiry } from './lifecycle';
import { leavePresence } from './presence';
import { Action, Flag, MODE_MASK } from './protocol';
import type { BrokerState } from './state';
import { isRecord } from './validate';

// In-band AUTH (RTC8): a new token on the live connection, same connection id; channel
// modes follow the new capability, channels it no longer allows are detached.

export function onAuth(state: BrokerState, conn: Connection, raw: Record<string, unknown>): void {
  const auth = raw.auth;
  const token = isRecord(auth) && typeof auth.accessToken === 'string' ? auth.accessToken : null;
  if (!token) throw errors.badRequest('AUTH must carry auth.accessToken');
  const generation = ++conn.authGeneration;
  state.keys
    .authenticateToken(token, undefined, state.now())
    .then((next) => {
      if (conn.state !== 'live' || generation !== conn.authGeneration) return;
      if (conn.auth.clientId && next.clientId !== conn.auth.clientId && !next.wildcard) {
        fail(
          state,
          conn,
          errors.incompatibleCredentials(
            `New token clientId (${next.clientId ?? 'none'}) differs from the connection's (${conn.auth.clientId})`,
          ),
        );
        return;
      }
      // Keep the identity the connection already has when the new token is a wildcard.
      if (next.wildcard && conn.auth.clientId) {
        next = { ...next, clientId: conn.auth.clientId, wildcard: true };
      }
      conn.auth = next;
      recount(state, conn);
      scheduleExpiry(state, conn);
      conn.send({
        action: Action.CONNECTED,
        connectionId: conn.id,
        connectionDetails: connectionDetails(state, conn),
      });
      applyCapability(state, conn);
      state.logger.debug(`broker: connection ${conn.id} re-authorised in-band`);
    })
    .catch((e: unknown) => {
      if (conn.state !== 'live' || generation !== conn.authGeneration) return;
      const err = toAblyError(e);
      if (isTokenError(err)) disconnect(state, conn, err);
      else fail(state, conn, err);
    });
}

/** After a capability change: narrow/widen modes, detach what is no longer allowed. */
export function applyCapability(state: BrokerState, conn: Connection): void {
  for (const att of [...conn.attachments.values()]) {
    const name = att.channel.name;
    const allowed = modesForOps(conn.auth.capability.opsFor(name));
    const granted = (att.requestedModes || MODE_MASK) & allowed;
    if (allowed === 0) {
      removeAttachment(state, conn, att);
      conn.send({
        action: Action.DETACHED,
        channel: name,
        error: errors
          .notPermitted(`Capability no longer permits access to channel ${name}`)
          .toWire(),
      });
    } else if (granted !== att.modes) {
      att.modes = granted;
      if (!(granted & Flag.PRESENCE)) leavePresence(state, conn, att);
      conn.send({
        action: Action.ATTACHED,
        channel: name,
        flags: granted | Flag.RESUMED,
        channelSerial: att.channel.serial(),
      });
    }
  }
}
