import type { ErrorInfoWire } from './protocol';

/**
 * A typed Ably error. `code` is one of Ably's public error codes (ably-common errors.json),
 * `statusCode` the HTTP status that goes with it. Thrown inside the engine and turned into
 * ERROR / NACK / DISCONNECTED frames or REST error bodies at the edge.
 */
export class AblyError extends Error {
  readonly code: number;
  readonly statusCode: number;
  constructor(code: number, statusCode: number, message: string) {
    super(message);
    this.name = 'AblyError';
    this.code = code;
    this.statusCode = statusCode;
  }

  toWire(): ErrorInfoWire {
    return {
      code: this.code,
      statusCode: this.statusCode,
      message: this.message,
      href: `https://help.ably.io/error/${this.code}`,
    };
  }
}

export const ErrorCode = {
  BAD_REQUEST: 40000,
  INVALID_BODY: 40001,
  INVALID_PARAMETER: 40003,
  INVALID_CREDENTIAL: 40005,
  MESSAGE_TOO_LARGE: 40009,
  INVALID_CHANNEL_NAME: 40010,
  INVALID_CLIENT_ID: 40012,
  INVALID_MESSAGE_DATA: 40013,
  UNAUTHORIZED: 40100,
  INVALID_CREDENTIALS: 40101,
  INCOMPATIBLE_CREDENTIALS: 40102,
  TIMESTAMP_NOT_CURRENT: 40104,
  NONCE_REPLAYED: 40105,
  TOKEN_ERROR: 40140,
  TOKEN_REVOKED: 40141,
  TOKEN_EXPIRED: 40142,
  TOKEN_UNRECOGNISED: 40143,
  INVALID_JWT: 40144,
  CONNECTION_LIMIT: 40150,
  CLIENT_CONNECTION_LIMIT: 40151,
  NOT_PERMITTED: 40160,
  NEEDS_IDENTIFIED_CLIENT: 40161,
  KEY_AUTH_REQUIRED: 40162,
  NOT_FOUND: 40400,
  METHOD_NOT_ALLOWED: 40500,
  RATE_LIMIT: 42911,
  RATE_LIMIT_FATAL: 42920,
  INTERNAL: 50000,
  DISCONNECTED: 80003,
  CONNECTION_EXPIRED: 80008,
  PROTOCOL_ERROR: 80013,
  CLOSED: 80017,
  INVALID_CONNECTION_KEY: 80018,
  SLOW_CONSUMER: 80020,
  CHANNEL_OPERATION_FAILED: 90000,
  PRESENCE_NO_CLIENT_ID: 91000,
} as const;

export const errors = {
  badRequest: (msg: string) => new AblyError(ErrorCode.BAD_REQUEST, 400, msg),
  invalidBody: (msg: string) => new AblyError(ErrorCode.INVALID_BODY, 400, msg),
  invalidParameter: (msg: string) => new AblyError(ErrorCode.INVALID_PARAMETER, 400, msg),
  protocol: (msg: string) => new AblyError(ErrorCode.PROTOCOL_ERROR, 400, msg),
  tooLarge: (size: number, max: number) =>
    new AblyError(
      ErrorCode.MESSAGE_TOO_LARGE,
      400,
      `Maximum message length exceeded (was ${size} bytes, limit ${max} bytes)`,
    ),
  invalidChannel: (msg: string) => new AblyError(ErrorCode.INVALID_CHANNEL_NAME, 400, msg),
  invalidClientId: (msg: string) => new AblyError(ErrorCode.INVALID_CLIENT_ID, 400, msg),
  noCredentials: () =>
    new AblyError(ErrorCode.UNAUTHORIZED, 401, 'No authentication information provided'),
  invalidCredentials: (msg: string) => new AblyError(ErrorCode.INVALID_CREDENTIALS, 401, msg),
  incompatibleCredentials: (msg: string) =>
    new AblyError(ErrorCode.INCOMPATIBLE_CREDENTIALS, 401, msg),
  timestampNotCurrent: () =>
    new AblyError(ErrorCode.TIMESTAMP_NOT_CURRENT, 401, 'Token request timestamp not current'),
  nonceReplayed: () =>
    new AblyError(ErrorCode.NONCE_REPLAYED, 401, 'Token request nonce value replayed'),
  tokenExpired: () => new AblyError(ErrorCode.TOKEN_EXPIRED, 401, 'Token expired'),
  tokenRevoked: () => new AblyError(ErrorCode.TOKEN_REVOKED, 401, 'Token revoked'),
  keyAuthRequired: (msg: string) => new AblyError(ErrorCode.KEY_AUTH_REQUIRED, 401, msg),
  tokenUnrecognised: (msg: string) => new AblyError(ErrorCode.TOKEN_UNRECOGNISED, 401, msg),
  invalidJwt: (msg: string) => new AblyError(ErrorCode.INVALID_JWT, 401, msg),
  connectionLimit: () =>
    new AblyError(ErrorCode.CONNECTION_LIMIT, 429, 'Connection blocked: connection limit reached'),
  clientConnectionLimit: (max: number) =>
    new AblyError(
      ErrorCode.CLIENT_CONNECTION_LIMIT,
      429,
      `Connection blocked: this clientId already has ${max} connections`,
    ),
  wrongKeyForRevocation: () =>
    new AblyError(40133, 401, 'Can only revoke tokens using the same key that issued them'),
  notPermitted: (msg: string) => new AblyError(ErrorCode.NOT_PERMITTED, 401, msg),
  needsClientId: (msg: string) => new AblyError(ErrorCode.NEEDS_IDENTIFIED_CLIENT, 401, msg),
  notFound: (msg: string) => new AblyError(ErrorCode.NOT_FOUND, 404, msg),
  methodNotAllowed: () => new AblyError(ErrorCode.METHOD_NOT_ALLOWED, 405, 'Method not allowed'),
  rateLimited: () =>
    new AblyError(ErrorCode.RATE_LIMIT, 429, 'Per-connection inbound message rate exceeded'),
  rateLimitedFatal: () =>
    new AblyError(
      ErrorCode.RATE_LIMIT_FATAL,
      429,
      'Per-connection inbound rate limit grossly exceeded; closing connection',
    ),
  internal: (msg: string) => new AblyError(ErrorCode.INTERNAL, 500, msg),
  // Current Ably answers an unrecoverable key with 80018 (80008 is the retired protocol's).
  connectionExpired: () =>
    new AblyError(
      ErrorCode.INVALID_CONNECTION_KEY,
      400,
      'Unable to recover connection: unknown, expired or superseded connection key',
    ),
  invalidConnectionKey: (msg: string) => new AblyError(ErrorCode.INVALID_CONNECTION_KEY, 400, msg),
  slowConsumer: () =>
    new AblyError(
      ErrorCode.SLOW_CONSUMER,
      503,
      'Outbound queue limit exceeded: client is not reading fast enough',
    ),
  presenceNoClientId: () =>
    new AblyError(
      ErrorCode.PRESENCE_NO_CLIENT_ID,
      400,
      'Unable to enter presence channel (no clientId)',
    ),
  serverShutdown: () =>
    new AblyError(ErrorCode.DISCONNECTED, 503, 'Broker shutting down; reconnect later'),
  closed: () => new AblyError(ErrorCode.CLOSED, 400, 'Connection closed'),
};

/** Normalise anything thrown into an AblyError (unknown failures become 50000). */
export function toAblyError(e: unknown): AblyError {
  if (e instanceof AblyError) return e;
  return errors.internal(e instanceof Error ? e.message : String(e));
}

/** Token errors (40140–40149) make the SDK fetch a new token instead of failing (RSA4b). */
export function isTokenError(e: AblyError): boolean {
  return e.code >= 40140 && e.code < 40150;
}
