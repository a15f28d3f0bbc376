// The seams between the engine and its host: a socket to talk to, a logger to talk through.

/** How the engine talks to one client socket (ws in Node, MSW's socket in a browser). */
export interface Transport {
  send(frame: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Bytes queued but not yet written; enables the slow-consumer guard. */
  bufferedAmount?(): number;
  /** Transport-level ping (ws ping frame). Used when the client did not ask for protocol heartbeats. */
  ping?(): void;
}

export interface ConnectionHandle {
  /** Feed one inbound frame (text → JSON, binary → msgpack). */
  receive(frame: string | Uint8Array): void;
  /** The socket went away (for whatever reason). */
  transportClosed(): void;
}

export interface Logger {
  debug(...a: unknown[]): void;
  info(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Sends without caring whether the socket is still there (it may be closing under us). */
export function safeSend(t: Transport, frame: string | Uint8Array): void {
  try {
    t.send(frame);
  } catch {
    // socket already gone
  }
}

export function safeClose(t: Transport, code: number, reason: string): void {
  try {
    // WebSocket close reasons are limited to 123 bytes.
    t.close(code, reason.slice(0, 120));
  } catch {
    // socket already gone
  }
}
