import type { HistoryOptions } from './history';
import type { IdempotencyOptions } from './idempotency';
import type { BrokerKeyConfig } from './tokens';
import type { Logger } from './transport';

export interface BrokerEngineOptions {
  keys: BrokerKeyConfig[];
  serverId?: string;
  /** How long a dropped connection can be resumed (default 120 000 ms, as Ably). */
  connectionStateTtlMs?: number;
  /** We promise some traffic at least this often (default 15 000 ms). */
  maxIdleIntervalMs?: number;
  /** Presence members of an abruptly dropped connection leave after this (default 15 000 ms). */
  presenceLeaveDelayMs?: number;
  /** Max size of the messages in one publish (default 65 536 bytes). */
  maxMessageSize?: number;
  /** Max inbound frame size advertised to clients (default 524 288). Enforced by the transport. */
  maxFrameSize?: number;
  historyMaxMessages?: number;
  historyMaxAgeMs?: number;
  /** Idempotent publishing: how long a message id is remembered per channel (default 120 000 ms). */
  idempotencyWindowMs?: number;
  /** …and at most this many ids per channel (default 10 000). */
  idempotencyMaxIds?: number;
  maxConnections?: number;
  /** Live connections one clientId (per key) may hold; more are refused with 40151 (default 50). */
  maxConnectionsPerClient?: number;
  /** revokeTokens with allowReauthMargin: how long live connections get to re-auth (default 30 000 ms). */
  revocationReauthMarginMs?: number;
  /** Sustained inbound frames per second per connection (default 1000). */
  maxInboundRate?: number;
  /** Burst allowance for inbound frames (default 2 × rate). */
  maxInboundBurst?: number;
  /** A connection whose transport has more than this many bytes queued is disconnected (default 8 MiB). */
  maxOutboundBufferBytes?: number;
  logger?: Logger;
}

/** Options with every default filled in; what the concept modules read. */
export interface EngineConfig {
  serverId: string;
  connectionStateTtl: number;
  maxIdleInterval: number;
  /** The engine's one timer: heartbeats, housekeeping, token expiries coming due. */
  tickMs: number;
  presenceLeaveDelay: number;
  maxMessageSize: number;
  maxFrameSize: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
  revocationReauthMarginMs: number;
  inboundRate: number;
  inboundBurst: number;
  maxOutboundBufferBytes: number;
  history: HistoryOptions;
  idempotency: IdempotencyOptions;
}

export function resolveOptions(o: BrokerEngineOptions, defaultServerId: string): EngineConfig {
  const inboundRate = o.maxInboundRate ?? 1000;
  const maxIdleInterval = o.maxIdleIntervalMs ?? 15_000;
  return {
    serverId: o.serverId ?? defaultServerId,
    connectionStateTtl: o.connectionStateTtlMs ?? 120_000,
    maxIdleInterval,
    tickMs: Math.max(20, Math.min(1000, Math.floor(maxIdleInterval / 4))),
    presenceLeaveDelay: o.presenceLeaveDelayMs ?? 15_000,
    maxMessageSize: o.maxMessageSize ?? 65_536,
    maxFrameSize: o.maxFrameSize ?? 524_288,
    maxConnections: o.maxConnections ?? 10_000,
    maxConnectionsPerClient: o.maxConnectionsPerClient ?? 50,
    revocationReauthMarginMs: o.revocationReauthMarginMs ?? 30_000,
    inboundRate,
    inboundBurst: o.maxInboundBurst ?? inboundRate * 2,
    maxOutboundBufferBytes: o.maxOutboundBufferBytes ?? 8 * 1024 * 1024,
    history: {
      maxMessages: o.historyMaxMessages ?? 1000,
      maxAgeMs: o.historyMaxAgeMs ?? 120_000,
    },
    idempotency: {
      windowMs: o.idempotencyWindowMs ?? 120_000,
      maxIds: o.idempotencyMaxIds ?? 10_000,
    },
  };
}
