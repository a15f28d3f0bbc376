// The slice of `broker/core`'s BrokerEngine that mock mode relies on. Kept narrow on purpose:
// the bridge, the relay and the presence mirror speak only the public engine API and the
// Ably wire protocol, so they keep working as the engine grows.

export type Frame = string | Uint8Array;

export interface EngineTransport {
  send(frame: Frame): void;
  close(code?: number, reason?: string): void;
}

export interface EngineConnection {
  receive(frame: Frame): void;
  transportClosed(): void;
}

export interface InPageEngine {
  openConnection(
    query: Record<string, string>,
    headers: Record<string, string>,
    transport: EngineTransport,
  ): EngineConnection;
  /** Server-side publish (the API's REST publish, without HTTP). */
  publish(channel: string, messages: Array<{ name: string; data: unknown }>): unknown;
}
