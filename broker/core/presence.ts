import { acknowledge, claimMsgSerial } from './acks';
import type { Attachment, Channel } from './channel';
import type { Connection } from './connection';
import { AblyError, errors } from './errors';
import { refuseFiltered } from './filter';
import { Action, Flag, PresenceAction, type WirePresenceMessage } from './protocol';
import type { BrokerState } from './state';
import { sanitizePresence, totalSize, validChannelName } from './validate';

// Realtime presence: enter / update / leave from clients (RTP), and the leaves the server
// synthesises when a connection detaches, loses presence rights, or is gone for good.

export function onPresence(
  state: BrokerState,
  conn: Connection,
  raw: Record<string, unknown>,
  limited: boolean,
): void {
  const msgSerial = claimMsgSerial(conn, raw, 'PRESENCE');
  if (msgSerial === null) return;
  acknowledge(conn, msgSerial, () => {
    if (limited) throw errors.rateLimited();
    refuseFiltered(raw.channel, 'presence');
    const name = validChannelName(raw.channel);
    const att = conn.attachments.get(name);
    if (!att || att.paused) {
      throw new AblyError(90001, 400, `Channel ${name} is not attached; cannot update presence`);
    }
    if (!(att.modes & Flag.PRESENCE)) {
      throw errors.notPermitted(`Unable to enter presence: no presence capability on ${name}`);
    }
    if (!Array.isArray(raw.presence) || raw.presence.length === 0) {
      throw errors.badRequest('PRESENCE must carry a non-empty presence array');
    }
    const list = raw.presence.map(sanitizePresence);
    const size = totalSize(list);
    if (size > state.config.maxMessageSize)
      throw errors.tooLarge(size, state.config.maxMessageSize);
    for (const p of list) {
      const clientId = p.clientId ?? conn.auth.clientId;
      if (!clientId) throw errors.presenceNoClientId();
      if (p.clientId !== undefined && !conn.auth.wildcard && p.clientId !== conn.auth.clientId) {
        throw errors.invalidClientId(
          `Presence clientId "${p.clientId}" does not match the connection's clientId`,
        );
      }
      p.clientId = clientId;
    }
    applyPresence(state, conn, att, list, msgSerial);
    return undefined;
  });
}

function applyPresence(
  state: BrokerState,
  conn: Connection,
  att: Attachment,
  list: WirePresenceMessage[],
  msgSerial: number,
): void {
  const now = state.now();
  const channel = att.channel.base; // never a filtered view: those have no presence mode
  const out: WirePresenceMessage[] = [];
  list.forEach((p, i) => {
    const clientId = p.clientId!;
    const existing = channel.presence.get(conn.id, clientId);
    const m: WirePresenceMessage = {
      ...p,
      id: `${conn.id}:${msgSerial}:${i}`,
      connectionId: conn.id,
      timestamp: now,
    };
    if (p.action === PresenceAction.LEAVE) {
      if (!existing) return;
      channel.presence.remove(conn.id, clientId);
      att.presenceClients?.delete(clientId);
    } else {
      att.presenceClients ??= new Set();
      att.presenceClients.add(clientId);
      if (existing && p.action === PresenceAction.ENTER) {
        // The SDK re-enters its members after every re-attach (RTP17i); when nothing
        // changed that is not news for anyone else.
        if (existing.data === p.data && existing.encoding === p.encoding) {
          channel.presence.put({ ...existing, id: m.id, timestamp: now });
          return;
        }
        // An enter for a member already present is an update to everyone else.
        m.action = PresenceAction.UPDATE;
      }
      channel.presence.put(m);
    }
    out.push(m);
  });
  if (out.length === 0) return;
  channel.lastActivity = now;
  broadcast(channel, out, now, conn);
}

export function leaveAllPresence(state: BrokerState, conn: Connection): void {
  for (const att of conn.attachments.values()) leavePresence(state, conn, att);
}

/** Server-synthesised leave for every member this connection entered on one channel. */
export function leavePresence(state: BrokerState, conn: Connection, att: Attachment): void {
  const clients = att.presenceClients;
  if (!clients || clients.size === 0) return;
  const channel = att.channel.base;
  const now = state.now();
  const out: WirePresenceMessage[] = [];
  for (const clientId of clients) {
    const m = channel.presence.remove(conn.id, clientId);
    if (!m) continue;
    // No id: the SDK treats it as synthesised and compares by timestamp (RTP2b1).
    out.push({
      action: PresenceAction.LEAVE,
      clientId,
      connectionId: conn.id,
      timestamp: now,
      data: m.data,
      encoding: m.encoding,
    });
  }
  clients.clear();
  if (out.length === 0) return;
  broadcast(channel, out, now, null);
}

/** Fans presence events out to presence subscribers and keeps them for presence history. */
function broadcast(
  channel: Channel,
  presence: WirePresenceMessage[],
  now: number,
  origin: Connection | null,
): void {
  const pm = {
    action: Action.PRESENCE,
    channel: channel.name,
    channelSerial: channel.nextSerial(),
    timestamp: now,
    presence,
  };
  channel.presenceHistory.append({ seq: channel.seq, timestamp: now, pm });
  channel.deliver(pm, Flag.PRESENCE_SUBSCRIBE, origin, false);
}
