import { acknowledge, claimMsgSerial } from './acks';
import { Op } from './capability';
import type { Connection } from './connection';
import { randomId } from './encoding';
import { AblyError, errors } from './errors';
import { refuseFiltered } from './filter';
import { findByKey } from './lifecycle';
import { Action, Flag, type ProtocolMessage, type WireMessage } from './protocol';
import type { BrokerState } from './state';
import type { AuthContext } from './tokens';
import { sanitizeMessages, totalSize, validChannelName } from './validate';

// Publishing, from a realtime MESSAGE or from the server side (REST, the embedding API):
// validation, clientId stamping, history, fan-out.

export interface PublishOptions {
  clientId?: string;
  connectionId?: string;
  /** The REST caller's rights, when the publish comes from an authenticated request. */
  auth?: AuthContext;
}

export interface PublishResult {
  channel: string;
  messageId: string;
  serials: string[];
}

export function onMessage(
  state: BrokerState,
  conn: Connection,
  raw: Record<string, unknown>,
  limited: boolean,
): void {
  const msgSerial = claimMsgSerial(conn, raw, 'MESSAGE');
  if (msgSerial === null) return;
  acknowledge(conn, msgSerial, () => {
    if (limited) throw errors.rateLimited();
    refuseFiltered(raw.channel, 'publish');
    const name = validChannelName(raw.channel);
    if (!Array.isArray(raw.messages) || raw.messages.length === 0) {
      throw errors.badRequest('MESSAGE must carry a non-empty messages array');
    }
    const messages = sanitizeMessages(raw.messages);
    for (const m of messages) delete m.connectionKey; // REST-only field; a secret
    checkSize(state, messages);
    if (!(conn.auth.capability.opsFor(name) & Op.PUBLISH)) {
      throw errors.notPermitted(`Unable to publish: no publish capability on channel ${name}`);
    }
    // Attached without the PUBLISH mode (e.g. `modes: ['subscribe']`): refused like a
    // missing capability. Publishing on a channel one is not attached to stays allowed.
    const att = conn.attachments.get(name);
    if (att && !(att.modes & Flag.PUBLISH)) {
      throw errors.notPermitted(
        `Unable to publish: channel ${name} was attached without publish mode`,
      );
    }
    stampClientIds(messages, conn.auth);
    return deliverOnce(state, name, messages, `${conn.id}:${msgSerial}`, conn.id, conn);
  });
}

/**
 * Server-side publish (REST or the embedding API). Validates like a realtime publish;
 * throws AblyError (40009 too large, 40160 no capability, 40012 clientId mismatch…).
 */
export function publish(
  state: BrokerState,
  channelName: string,
  input: unknown,
  options: PublishOptions = {},
): PublishResult {
  refuseFiltered(channelName, 'publish');
  const name = validChannelName(channelName);
  const messages = sanitizeMessages(input);
  checkSize(state, messages);
  const auth = options.auth;
  if (auth) {
    if (!(auth.capability.opsFor(name) & Op.PUBLISH)) {
      throw errors.notPermitted(`Unable to publish: no publish capability on channel ${name}`);
    }
    stampClientIds(messages, auth);
  }
  if (options.clientId) {
    for (const m of messages) m.clientId ??= options.clientId;
  }
  const onBehalfOf = connectionFromKeys(state, messages);
  const connectionId = onBehalfOf?.id ?? options.connectionId;
  // Client-supplied ids look like `<base>:<index>` (RSL1k1); the base names the batch.
  const base = messages[0]?.id?.replace(/:\d+$/, '') ?? randomId(12);
  const serials = deliverOnce(state, name, messages, base, connectionId, onBehalfOf);
  return { channel: name, messageId: base, serials };
}

/**
 * Idempotent publishing: messages whose id the channel published within the window are
 * left out (their original serial is reported); the rest are delivered. Returns one serial
 * per input message.
 */
function deliverOnce(
  state: BrokerState,
  name: string,
  messages: WireMessage[],
  pmId: string,
  connectionId: string | undefined,
  origin: Connection | null,
): string[] {
  const recent = state.channel(name).recentIds;
  const now = state.now();
  const serials: Array<string | undefined> = messages.map((m) =>
    m.id === undefined ? undefined : recent.serialOf(m.id, now),
  );
  const fresh: WireMessage[] = [];
  const idsInThisPublish = new Set<string>();
  messages.forEach((m, i) => {
    if (serials[i] !== undefined) return; // published before: acknowledge only
    if (m.id !== undefined) {
      if (idsInThisPublish.has(m.id)) return;
      idsInThisPublish.add(m.id);
    }
    fresh.push(m);
  });
  if (fresh.length > 0) {
    const channelSerial = deliverMessages(state, name, fresh, pmId, connectionId, origin);
    fresh.forEach((m, j) => {
      const serial = `${channelSerial}:${j}`;
      serials[messages.indexOf(m)] = serial;
      if (m.id !== undefined) recent.remember(m.id, serial, now);
    });
  }
  // An id repeated inside one publish gets the serial of its first occurrence.
  return messages.map((m, i) => serials[i] ?? recent.serialOf(m.id!, now) ?? '');
}

/**
 * A REST publish may carry the `connectionKey` of a live realtime connection (RSL1m): it is
 * then published as from that connection (its connectionId; its echo setting applies). The
 * key itself is stripped — it is a secret.
 */
function connectionFromKeys(state: BrokerState, messages: WireMessage[]): Connection | null {
  const keys = new Set<string>();
  for (const m of messages) {
    if (m.connectionKey !== undefined) keys.add(m.connectionKey);
    delete m.connectionKey;
  }
  if (keys.size === 0) return null;
  if (keys.size > 1) throw errors.badRequest('All messages must carry the same connectionKey');
  const conn = findByKey(state, [...keys][0]!);
  if (conn instanceof AblyError) {
    throw new AblyError(40006, 400, 'Message contains an invalid or expired connectionKey');
  }
  return conn;
}

function checkSize(state: BrokerState, messages: WireMessage[]): void {
  const size = totalSize(messages);
  if (size > state.config.maxMessageSize) throw errors.tooLarge(size, state.config.maxMessageSize);
}

/** Appends to history and fans out; returns the channelSerial the messages got. */
function deliverMessages(
  state: BrokerState,
  name: string,
  messages: WireMessage[],
  pmId: string,
  connectionId: string | undefined,
  origin: Connection | null,
): string {
  const ch = state.channel(name);
  const now = state.now();
  const pm: ProtocolMessage = {
    action: Action.MESSAGE,
    id: pmId,
    channel: name,
    channelSerial: ch.nextSerial(),
    connectionId,
    timestamp: now,
    messages,
  };
  ch.lastActivity = now;
  ch.history.append({ seq: ch.seq, timestamp: now, pm });
  state.counters.messagesIn += messages.length;
  ch.deliver(pm, Flag.SUBSCRIBE, origin, true);
  return pm.channelSerial!;
}

/** Stamps the identity on messages; rejects a clientId the credentials may not use. */
function stampClientIds(messages: WireMessage[], auth: AuthContext): void {
  for (const m of messages) {
    if (m.clientId === undefined) {
      if (auth.clientId) m.clientId = auth.clientId;
    } else if (!auth.wildcard && m.clientId !== auth.clientId) {
      throw errors.invalidClientId(
        `Message clientId "${m.clientId}" does not match the connection's clientId (${auth.clientId ?? 'none'})`,
      );
    }
  }
}
