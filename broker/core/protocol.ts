// Wire-level vocabulary of Ably's realtime protocol (v2+ as spoken by ably-js 2.x).
// Numbers mirror ably-js `protocolmessagecommon.ts` (TR2, TR3).

export const Action = {
  HEARTBEAT: 0,
  ACK: 1,
  NACK: 2,
  CONNECT: 3,
  CONNECTED: 4,
  DISCONNECT: 5,
  DISCONNECTED: 6,
  CLOSE: 7,
  CLOSED: 8,
  ERROR: 9,
  ATTACH: 10,
  ATTACHED: 11,
  DETACH: 12,
  DETACHED: 13,
  PRESENCE: 14,
  MESSAGE: 15,
  SYNC: 16,
  AUTH: 17,
  ACTIVATE: 18,
  OBJECT: 19,
  OBJECT_SYNC: 20,
  ANNOTATION: 21,
} as const;
export type ActionNumber = (typeof Action)[keyof typeof Action];

export const Flag = {
  HAS_PRESENCE: 1 << 0,
  HAS_BACKLOG: 1 << 1,
  RESUMED: 1 << 2,
  TRANSIENT: 1 << 4,
  ATTACH_RESUME: 1 << 5,
  PRESENCE: 1 << 16,
  PUBLISH: 1 << 17,
  SUBSCRIBE: 1 << 18,
  PRESENCE_SUBSCRIBE: 1 << 19,
  ANNOTATION_PUBLISH: 1 << 21,
  ANNOTATION_SUBSCRIBE: 1 << 22,
  OBJECT_SUBSCRIBE: 1 << 24,
  OBJECT_PUBLISH: 1 << 25,
} as const;

/** The channel modes this broker understands; other mode bits are never granted. */
export const MODE_MASK = Flag.PRESENCE | Flag.PUBLISH | Flag.SUBSCRIBE | Flag.PRESENCE_SUBSCRIBE;

/** Every channel mode a client may request (TB2d), supported or not. */
export const ALL_MODES =
  MODE_MASK |
  Flag.ANNOTATION_PUBLISH |
  Flag.ANNOTATION_SUBSCRIBE |
  Flag.OBJECT_SUBSCRIBE |
  Flag.OBJECT_PUBLISH;

/** Presence actions on the wire are numbers (TP2). */
export const PresenceAction = {
  ABSENT: 0,
  PRESENT: 1,
  ENTER: 2,
  LEAVE: 3,
  UPDATE: 4,
} as const;

export type Data = string | Uint8Array | null | undefined | Record<string, unknown> | unknown[];

export interface ErrorInfoWire {
  code: number;
  statusCode: number;
  message: string;
  href?: string;
}

/** A message as it travels on the wire (TM2). `data` may be a string or bytes. */
export interface WireMessage {
  id?: string;
  name?: string;
  clientId?: string;
  connectionId?: string;
  timestamp?: number;
  data?: unknown;
  encoding?: string;
  extras?: unknown;
  /** REST only (RSL1m): publish on behalf of this realtime connection; never delivered. */
  connectionKey?: string;
}

export interface WirePresenceMessage {
  id?: string;
  action: number;
  clientId?: string;
  connectionId?: string;
  timestamp?: number;
  data?: unknown;
  encoding?: string;
  extras?: unknown;
}

export interface ConnectionDetails {
  clientId?: string;
  connectionKey: string;
  maxMessageSize: number;
  maxInboundRate: number;
  maxOutboundRate?: number;
  maxFrameSize: number;
  maxIdleInterval: number;
  connectionStateTtl: number;
  serverId: string;
}

export interface ProtocolMessage {
  action: number;
  id?: string;
  channel?: string;
  channelSerial?: string;
  connectionId?: string;
  connectionDetails?: ConnectionDetails;
  msgSerial?: number;
  count?: number;
  flags?: number;
  timestamp?: number;
  error?: ErrorInfoWire;
  messages?: WireMessage[];
  presence?: WirePresenceMessage[];
  params?: Record<string, string>;
  auth?: { accessToken?: string };
  /** On ACK: one PublishResult per acknowledged message (serials 1:1 with its messages). */
  res?: Array<{ serials: Array<string | null> }>;
}

export type Format = 'json' | 'msgpack';
