// Public surface of the platform-agnostic broker core.

export type { CapabilitySpec } from './capability';
export { Capability, EffectiveCapability, modesForOps, Op, resourceMatches } from './capability';
export { decodeFrame, encodeFrame } from './codec';
export {
  BrokerEngine,
  type BrokerEngineOptions,
  type BrokerStats,
  type ConnectionHandle,
  type Logger,
  type PublishOptions,
  type PublishResult,
  silentLogger,
  type Transport,
} from './engine';
export { AblyError, ErrorCode, errors, isTokenError } from './errors';
export {
  type AblyJwtOptions,
  type AblyKey,
  createAblyJwt,
  decodeJwt,
  hmacBase64,
  mintAblyJwt,
  parseAblyKey,
  signJwt,
  verifyHs256,
} from './jwt';
export { generateKey } from './keys';
export type { Format, ProtocolMessage, WireMessage, WirePresenceMessage } from './protocol';
export { Action, Flag, PresenceAction } from './protocol';
export { handleRestRequest, type RestRequest, type RestResponse } from './rest';
export { type AuthContext, type BrokerKeyConfig, KeyStore, type TokenDetails } from './tokens';
