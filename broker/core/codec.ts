import { decode, encode } from '@msgpack/msgpack';
import { bytesToBase64 } from './encoding';
import { errors } from './errors';
import type { Format, ProtocolMessage, WireMessage, WirePresenceMessage } from './protocol';

// Frame (de)serialisation. Text frames are JSON, binary frames are msgpack, whatever the
// connection's `format` says (a client may legally only send what it asked for, but being
// liberal here costs nothing). Outbound frames follow the connection's format.

const MSGPACK_LIMITS = {
  maxStrLength: 1 << 20,
  maxBinLength: 1 << 20,
  maxArrayLength: 10_000,
  maxMapLength: 10_000,
  maxExtLength: 0,
} as const;

/** Parses one inbound frame; throws 80013 (protocol error) when it is not JSON/msgpack. */
export function decodeFrame(frame: string | Uint8Array): unknown {
  if (typeof frame === 'string') {
    try {
      return JSON.parse(frame);
    } catch {
      throw errors.protocol('Malformed frame: not valid JSON');
    }
  }
  try {
    return decode(frame, MSGPACK_LIMITS);
  } catch {
    throw errors.protocol('Malformed frame: not valid msgpack');
  }
}

/** Parses a REST body by content type; throws 40001 when it does not parse. */
export function decodeBody(body: Uint8Array, contentType: string | undefined): unknown {
  const isMsgpack = !!contentType && contentType.includes('msgpack');
  if (isMsgpack) {
    try {
      return decode(body, MSGPACK_LIMITS);
    } catch {
      throw errors.invalidBody('Request body is not valid msgpack');
    }
  }
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw errors.invalidBody('Request body is not valid JSON');
  }
}

export function encodeValue(value: unknown, format: Format): string | Uint8Array {
  return format === 'msgpack'
    ? encode(value, { ignoreUndefined: true })
    : JSON.stringify(toJsonSafe(value));
}

export function encodeFrame(pm: ProtocolMessage, format: Format): string | Uint8Array {
  if (format === 'msgpack') return encode(pm, { ignoreUndefined: true });
  return JSON.stringify(jsonSafeProtocolMessage(pm));
}

/**
 * JSON cannot carry bytes: binary `data` becomes base64 with `base64` appended to the
 * encoding, exactly as an Ably JSON client expects (RSL4d1 / RSL6a). Returns the input
 * untouched when there is nothing binary (the common case, no copy).
 */
export function jsonSafeProtocolMessage(pm: ProtocolMessage): ProtocolMessage {
  const messages = pm.messages && jsonSafeList(pm.messages);
  const presence = pm.presence && jsonSafeList(pm.presence);
  if (messages === pm.messages && presence === pm.presence) return pm;
  return { ...pm, messages, presence };
}

function jsonSafeList<T extends WireMessage | WirePresenceMessage>(list: T[]): T[] {
  let out: T[] | null = null;
  for (let i = 0; i < list.length; i++) {
    const m = list[i]!;
    if (m.data instanceof Uint8Array) {
      out ??= list.slice();
      out[i] = {
        ...m,
        data: bytesToBase64(m.data),
        encoding: m.encoding ? `${m.encoding}/base64` : 'base64',
      };
    }
  }
  return out ?? list;
}

/** Generic version for REST bodies (arrays of messages / presence / anything). */
export function toJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const s = toJsonSafe(v);
      if (s !== v) changed = true;
      return s;
    });
    return changed ? out : value;
  }
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const m = value as WireMessage;
    if (m.data instanceof Uint8Array) {
      return {
        ...m,
        data: bytesToBase64(m.data),
        encoding: m.encoding ? `${m.encoding}/base64` : 'base64',
      };
    }
  }
  return value;
}
