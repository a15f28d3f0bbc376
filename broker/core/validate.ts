import { utf8Length } from './encoding';
import { AblyError, errors } from './errors';
import { PresenceAction, type WireMessage, type WirePresenceMessage } from './protocol';

// Inbound data is untrusted: everything is checked field by field and copied into fresh
// objects holding only the fields we know, so junk never reaches other clients.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

export function optString(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw errors.badRequest(`${field} must be a string`);
  return v;
}

export function validChannelName(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) {
    throw errors.invalidChannel('channel must be a non-empty string');
  }
  if (v.length > 2048) throw errors.invalidChannel('channel name too long');
  // Ably's rules: no leading ':' (namespaces need a name), no '[…]' qualifiers (the local
  // broker supports none), no newlines.
  if (v.startsWith('[') || v.startsWith(':') || /[\r\n]/.test(v)) {
    throw errors.invalidChannel(`Invalid channel name "${v.slice(0, 50)}"`);
  }
  return v;
}

function checkData(v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || v instanceof Uint8Array) return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'object') return v;
  throw new AblyError(40013, 400, 'Invalid message data');
}

function dataSize(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string') return utf8Length(v);
  if (v instanceof Uint8Array) return v.length;
  try {
    return utf8Length(JSON.stringify(v) ?? '');
  } catch {
    throw new AblyError(40013, 400, 'Invalid message data');
  }
}

function extrasOf(v: unknown): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) throw errors.badRequest('extras must be an object');
  return v;
}

/** Ably's size rule (TO3l8): name + clientId + data + extras. */
export function messageSize(m: WireMessage | WirePresenceMessage): number {
  let n = dataSize(m.data);
  if ('name' in m && m.name) n += utf8Length(m.name);
  if (m.clientId) n += utf8Length(m.clientId);
  if (m.extras) n += dataSize(m.extras);
  return n;
}

export function sanitizeMessage(raw: unknown): WireMessage {
  if (!isRecord(raw)) throw errors.badRequest('message must be an object');
  const m: WireMessage = {};
  const id = optString(raw.id, 'message.id');
  if (id !== undefined) m.id = id;
  const name = optString(raw.name, 'message.name');
  if (name !== undefined) m.name = name;
  const clientId = optString(raw.clientId, 'message.clientId');
  if (clientId !== undefined) m.clientId = clientId;
  const data = checkData(raw.data);
  if (data !== undefined) m.data = data;
  const encoding = optString(raw.encoding, 'message.encoding');
  if (encoding !== undefined) m.encoding = encoding;
  const extras = extrasOf(raw.extras);
  if (extras !== undefined) m.extras = extras;
  const connectionKey = optString(raw.connectionKey, 'message.connectionKey');
  if (connectionKey !== undefined) m.connectionKey = connectionKey;
  return m;
}

export function sanitizeMessages(raw: unknown): WireMessage[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw errors.badRequest('no messages');
  if (list.length > 1000) throw errors.badRequest('too many messages in one request');
  return list.map(sanitizeMessage);
}

export function sanitizePresence(raw: unknown): WirePresenceMessage {
  if (!isRecord(raw)) throw errors.badRequest('presence message must be an object');
  const action = raw.action;
  if (
    action !== PresenceAction.ENTER &&
    action !== PresenceAction.LEAVE &&
    action !== PresenceAction.UPDATE &&
    action !== PresenceAction.PRESENT
  ) {
    throw errors.badRequest('presence action must be enter, leave, update or present');
  }
  const p: WirePresenceMessage = { action: action === PresenceAction.PRESENT ? 4 : action };
  const id = optString(raw.id, 'presence.id');
  if (id !== undefined) p.id = id;
  const clientId = optString(raw.clientId, 'presence.clientId');
  if (clientId !== undefined) p.clientId = clientId;
  const data = checkData(raw.data);
  if (data !== undefined) p.data = data;
  const encoding = optString(raw.encoding, 'presence.encoding');
  if (encoding !== undefined) p.encoding = encoding;
  const extras = extrasOf(raw.extras);
  if (extras !== undefined) p.extras = extras;
  return p;
}

export function totalSize(list: Array<WireMessage | WirePresenceMessage>): number {
  let n = 0;
  for (const m of list) n += messageSize(m);
  return n;
}

export function isNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
