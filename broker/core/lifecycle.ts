import { Connection, newConnectionKey } from './connection';
import { randomId, safeEqual } from './encoding';
import { AblyError, errors } from './errors';
import { leaveAllPresence } from './presence';
import { Action, type ConnectionDetails, type Format } from './protocol';
import type { BrokerState } from './state';
import type { AuthContext } from './tokens';
import { safeClose, type Transport } from './transport';

// Connection lifecycle: open or resume, drop (resumable), expire, close, fail; token expiry
// and heartbeats. Continuity design: docs/decisions/0011.

/** An authenticated socket becomes a connection: a resumed one when its key is still good. */
export function establish(
  state: BrokerState,
  transport: Transport,
  auth: AuthContext,
  query: Record<string, string | undefined>,
  format: Format,
): Connection {
  const echo = query.echo !== 'false';
  const protocolHeartbeats = query.heartbeats === 'true' || !transport.ping;
  const resumeKey = query.resume ?? query.recover;
  let conn: Connection | null = null;
  let error: AblyError | undefined;

  if (resumeKey) {
    const found = findByKey(state, resumeKey);
    if (found instanceof AblyError) error = found;
    else if (found.auth.keyName !== auth.keyName || found.auth.clientId !== auth.clientId) {
      error = new AblyError(80011, 400, 'Unable to recover connection: incompatible auth params');
    } else {
      conn = found;
      resume(state, conn, transport, auth, format, echo, protocolHeartbeats);
    }
  }
  if (!conn) {
    const id = randomId(10);
    conn = new Connection(
      state,
      id,
      auth,
      format,
      echo,
      protocolHeartbeats,
      transport,
      state.now(),
    );
    state.connections.set(conn.id, conn);
    state.liveConnections++;
    recount(state, conn);
    state.counters.connectionsOpened++;
    state.logger.debug(
      `broker: connection ${conn.id} opened (client ${auth.clientId ?? '-'}, ${format}${error ? `, resume failed: ${error.code}` : ''})`,
    );
  }
  scheduleExpiry(state, conn);
  conn.send({
    action: Action.CONNECTED,
    connectionId: conn.id,
    connectionDetails: connectionDetails(state, conn),
    error: error?.toWire(),
  });
  return conn;
}

/**
 * One user opening tab after tab (or a reconnect loop) must not crowd out everyone else:
 * live connections per clientId and key are capped. Resuming one's own connection is not new.
 */
export function clientConnectionLimit(
  state: BrokerState,
  auth: AuthContext,
  resumeKey: string | undefined,
): AblyError | null {
  const max = state.config.maxConnectionsPerClient;
  if (!auth.clientId) return null;
  const resuming = resumeKey ? resumeKey.slice(0, resumeKey.indexOf('!')) : undefined;
  let n = state.liveByClient.get(auth.keyName)?.get(auth.clientId) ?? 0;
  // Resuming a connection that still holds its transport replaces it: not one more.
  const counted = resuming ? state.connections.get(resuming)?.countedAs : undefined;
  if (counted && counted.keyName === auth.keyName && counted.clientId === auth.clientId) n--;
  return n >= max ? errors.clientConnectionLimit(max) : null;
}

/**
 * Keeps `state.liveByClient` true for one connection after its transport or identity changed
 * (open, resume, drop, close, in-band AUTH): O(1) per change instead of a scan per connect.
 * Keyed by the strings the auth context already holds: no per-connection key is built.
 */
export function recount(state: BrokerState, conn: Connection): void {
  const now = conn.transport && conn.auth.clientId ? conn.auth : undefined;
  const was = conn.countedAs;
  conn.countedAs = now;
  if (was && now && was.keyName === now.keyName && was.clientId === now.clientId) return;
  if (was) countClient(state, was.keyName, was.clientId!, -1);
  if (now) countClient(state, now.keyName, now.clientId!, 1);
}

function countClient(state: BrokerState, keyName: string, clientId: string, by: 1 | -1): void {
  let byClient = state.liveByClient.get(keyName);
  if (!byClient) {
    if (by < 0) return;
    byClient = new Map();
    state.liveByClient.set(keyName, byClient);
  }
  const n = (byClient.get(clientId) ?? 0) + by;
  if (n > 0) byClient.set(clientId, n);
  else {
    byClient.delete(clientId);
    if (byClient.size === 0) state.liveByClient.delete(keyName);
  }
}

export function connectionDetails(state: BrokerState, conn: Connection): ConnectionDetails {
  const c = state.config;
  const d: ConnectionDetails = {
    connectionKey: conn.key,
    maxMessageSize: c.maxMessageSize,
    maxInboundRate: c.inboundRate,
    maxFrameSize: c.maxFrameSize,
    maxIdleInterval: c.maxIdleInterval,
    connectionStateTtl: c.connectionStateTtl,
    serverId: c.serverId,
  };
  if (conn.auth.clientId) d.clientId = conn.auth.clientId;
  else if (conn.auth.method === 'token' && conn.auth.wildcard) d.clientId = '*';
  return d;
}

export function findByKey(state: BrokerState, key: string): Connection | AblyError {
  const bang = key.indexOf('!');
  if (bang <= 0) return errors.invalidConnectionKey('Invalid connectionKey format');
  const conn = state.connections.get(key.slice(0, bang));
  if (!conn || conn.state === 'closed' || !safeEqual(conn.key, key)) {
    return errors.connectionExpired();
  }
  return conn;
}

function resume(
  state: BrokerState,
  conn: Connection,
  transport: Transport,
  auth: AuthContext,
  format: Format,
  echo: boolean,
  protocolHeartbeats: boolean,
): void {
  const old = conn.transport;
  if (old) {
    // The client saw the drop before we did: retire the old socket quietly.
    conn.transport = null;
    safeClose(old, 1000, 'superseded by resumed transport');
  } else {
    state.liveConnections++;
  }
  clearTimeout(conn.dropTimer);
  clearTimeout(conn.leaveTimer);
  conn.dropTimer = conn.leaveTimer = undefined;
  conn.state = 'live';
  conn.transport = transport;
  conn.auth = auth;
  conn.format = format;
  conn.echo = echo;
  conn.protocolHeartbeats = protocolHeartbeats;
  conn.lastSentAt = state.now();
  conn.authGeneration++;
  // A key is good for one resume: whoever held the old one cannot take the connection over.
  conn.key = newConnectionKey(conn.id);
  recount(state, conn);
  // Deliver nothing until the SDK re-attaches each channel with its channelSerial; then
  // we replay what it missed from history, in order, exactly once.
  for (const a of conn.attachments.values()) a.paused = true;
  state.logger.debug(`broker: connection ${conn.id} resumed`);
}

/** Transport lost without CLOSE: keep state for resume, start the presence-leave clock. */
export function dropTransport(state: BrokerState, conn: Connection): void {
  if (conn.state !== 'live') return;
  conn.transport = null;
  conn.state = 'dropped';
  state.liveConnections--;
  recount(state, conn);
  state.logger.debug(`broker: connection ${conn.id} dropped (resumable)`);
  conn.leaveTimer = setTimeout(() => {
    conn.leaveTimer = undefined;
    if (conn.state === 'dropped') leaveAllPresence(state, conn);
  }, state.config.presenceLeaveDelay);
  conn.dropTimer = setTimeout(() => {
    conn.dropTimer = undefined;
    if (conn.state === 'dropped') discard(state, conn, 'expired');
  }, state.config.connectionStateTtl);
}

/** Ends a connection for good: presence leaves, attachments go, state is forgotten. */
export function discard(state: BrokerState, conn: Connection, why: string): void {
  if (conn.state === 'closed') return;
  if (conn.state === 'live') state.liveConnections--;
  conn.state = 'closed';
  clearTimeout(conn.dropTimer);
  clearTimeout(conn.leaveTimer);
  clearTimeout(conn.expiryTimer);
  leaveAllPresence(state, conn);
  for (const a of conn.attachments.values()) a.channel.attachments.delete(a);
  conn.attachments.clear();
  state.connections.delete(conn.id);
  const t = conn.transport;
  conn.transport = null;
  recount(state, conn);
  if (t) safeClose(t, 1000, why);
  state.logger.debug(`broker: connection ${conn.id} closed (${why})`);
}

/** Sends a final frame, then drops the transport but keeps the state (resumable). */
export function disconnect(state: BrokerState, conn: Connection, err: AblyError): void {
  const t = conn.transport;
  if (!t) return;
  conn.send({ action: Action.DISCONNECTED, error: err.toWire() });
  dropTransport(state, conn);
  safeClose(t, 1000, err.message);
}

/** Protocol violation: ERROR (fatal for the SDK) and the connection is gone. */
export function fail(state: BrokerState, conn: Connection, err: AblyError): void {
  state.logger.debug(`broker: connection ${conn.id} failed: ${err.code} ${err.message}`);
  conn.send({ action: Action.ERROR, error: err.toWire() });
  discard(state, conn, `error ${err.code}`);
}

export function cutSlowConsumer(state: BrokerState, conn: Connection): void {
  const t = conn.transport;
  if (!t) return;
  state.logger.warn(`broker: connection ${conn.id} too slow; disconnecting`);
  dropTransport(state, conn);
  // The queue is full, so the DISCONNECTED would sit behind it: just cut the socket.
  safeClose(t, 1013, errors.slowConsumer().message);
}

/**
 * RTN15h: at token expiry, DISCONNECTED 40142 makes the SDK fetch a new token and resume.
 * A connection holds a timer only while its token expires before the engine's next ticks:
 * the ticker (`tickConnections`, at most a second apart) arms it, so thousands of idle
 * connections with hour-long tokens hold no timer each (~0.4 KB apiece).
 */
export function scheduleExpiry(state: BrokerState, conn: Connection): void {
  clearTimeout(conn.expiryTimer);
  conn.expiryTimer = undefined;
  armExpiry(state, conn, state.now());
}

function armExpiry(state: BrokerState, conn: Connection, now: number): void {
  const expiresAt = conn.auth.expiresAt;
  if (expiresAt === null || conn.state !== 'live') return;
  const left = expiresAt - now;
  // Two ticks ahead: a tick delayed by a busy event loop still finds it armed in time.
  if (left > 2 * state.config.tickMs) return;
  conn.expiryTimer = setTimeout(() => expire(state, conn, expiresAt), Math.max(0, left));
}

/** The timer is for `expiresAt`, even when it fires a millisecond before the clock gets there. */
function expire(state: BrokerState, conn: Connection, expiresAt: number): void {
  conn.expiryTimer = undefined;
  if (conn.state !== 'live' || conn.auth.expiresAt !== expiresAt) return;
  state.logger.debug(`broker: connection ${conn.id} token expired`);
  disconnect(state, conn, errors.tokenExpired());
}

/**
 * The engine's tick, one pass over the connections: keeps our maxIdleInterval promise (a ws
 * ping, or a HEARTBEAT if the client asked for them) and arms the expiry of every live
 * connection whose token is coming due.
 */
export function tickConnections(state: BrokerState, now: number): void {
  const heartbeatAfter = state.config.maxIdleInterval * 0.6;
  for (const conn of state.connections.values()) {
    if (conn.expiryTimer === undefined && conn.auth.expiresAt !== null) armExpiry(state, conn, now);
    const t = conn.transport;
    if (!t || now - conn.lastSentAt < heartbeatAfter) continue;
    conn.lastSentAt = now;
    if (!conn.protocolHeartbeats && t.ping) {
      try {
        t.ping();
      } catch {
        // a dying socket; its close event will follow
      }
    } else conn.send({ action: Action.HEARTBEAT });
  }
}

/** Broker shutdown: live clients get DISCONNECTED (80003) so the SDK reconnects by itself. */
export function disconnectAll(state: BrokerState): void {
  const err = errors.serverShutdown();
  for (const conn of [...state.connections.values()]) {
    if (conn.transport) conn.send({ action: Action.DISCONNECTED, error: err.toWire() });
    discard(state, conn, 'broker shutting down');
  }
}
