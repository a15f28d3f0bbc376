import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import type { BrokerEngine, Transport } from '../core';
import { handleRestRequest } from '../core';

// HTTP + WebSocket on one port. REST goes to the core's REST handler, upgrades on any path
// become realtime connections (ably-js connects to `ws://host:port/?…`).

const MAX_BODY = 1024 * 1024;

export interface ServerOptions {
  engine: BrokerEngine;
  maxFrameSize: number;
}

export interface NodeServer {
  http: Server;
  wss: WebSocketServer;
  sockets: Set<WebSocket>;
}

// ws re-encodes a string on every send; the fan-out hands the *same* string to every
// subscriber, so remember the last conversion (identity check, O(1)).
let lastFrame: string | null = null;
let lastBuffer: Buffer | null = null;
function textBuffer(frame: string): Buffer {
  if (frame !== lastFrame) {
    lastFrame = frame;
    lastBuffer = Buffer.from(frame, 'utf8');
  }
  return lastBuffer!;
}

class WsTransport implements Transport {
  constructor(private readonly ws: WebSocket) {}
  send(frame: string | Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (typeof frame === 'string') this.ws.send(textBuffer(frame), { binary: false });
    else this.ws.send(frame, { binary: true });
  }
  close(code = 1000, reason = ''): void {
    if (code === 1013) {
      this.ws.terminate(); // slow consumer: its queue would never drain
      return;
    }
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason);
    }
  }
  bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }
  ping(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'access-control-allow-origin': origin ?? '*',
    ...(origin ? { vary: 'Origin', 'access-control-allow-credentials': 'true' } : {}),
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers':
      req.headers['access-control-request-headers'] ??
      'authorization, content-type, accept, x-ably-version, ably-agent, x-ably-clientid',
    'access-control-expose-headers':
      'link, x-ably-errorcode, x-ably-errormessage, x-ably-serverid, content-type',
    'access-control-max-age': '86400',
  };
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function queryOf(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function onRequest(engine: BrokerEngine, req: IncomingMessage, res: ServerResponse) {
  const cors = corsHeaders(req);
  try {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://broker');
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    if (body === null) {
      res
        .writeHead(413, { ...cors, 'content-type': 'application/json' })
        .end(
          JSON.stringify({ error: { code: 40009, statusCode: 413, message: 'Body too large' } }),
        );
      return;
    }
    const reply = await handleRestRequest(engine, {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: queryOf(url),
      headers: lowerHeaders(req),
      body,
    });
    res.writeHead(reply.status, { ...cors, 'x-ably-serverid': engine.serverId, ...reply.headers });
    res.end(reply.body);
  } catch (e) {
    engine.logger.error('broker: HTTP request failed', e);
    if (!res.headersSent) res.writeHead(500, cors);
    res.end();
  }
}

function onSocketError(this: Duplex) {
  this.destroy();
}

/**
 * Wires one upgraded socket to the engine. A function of its own so the listeners it leaves
 * on the socket close over only what they use: closures made inside the `upgrade` handler
 * would keep the whole upgrade request (headers, parser state) alive for the connection's
 * life — a few KB on each of thousands of idle connections.
 */
function accept(
  engine: BrokerEngine,
  ws: WebSocket,
  socket: Duplex,
  query: Record<string, string>,
  headers: Record<string, string | undefined>,
  sockets: Set<WebSocket>,
): void {
  const handle = engine.openConnection(query, headers, new WsTransport(ws));
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : (data as Buffer);
    // What the sender is sent while its frame is handled (the ACK, its presence update, an
    // echo) leaves in one write: ws writes each frame at once, and the writes were half the
    // broker's CPU under chat load. Other recipients get one frame each, so are not corked.
    socket.cork();
    try {
      handle.receive(isBinary ? buf : buf.toString('utf8'));
    } finally {
      socket.uncork();
    }
  });
  ws.on('close', () => {
    sockets.delete(ws);
    handle.transportClosed();
  });
  ws.on('error', () => {
    // e.g. frame over maxPayload: ws closes the socket, 'close' follows
  });
}

export function createNodeServer({ engine, maxFrameSize }: ServerOptions): NodeServer {
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameSize });
  const http = createServer((req, res) => {
    void onRequest(engine, req, res);
  });
  // Keep-alive sockets must not hold close() hostage.
  http.keepAliveTimeout = 5_000;

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', onSocketError);
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const url = new URL(req.url ?? '/', 'http://broker');
      accept(engine, ws, socket, queryOf(url), lowerHeaders(req), sockets);
    });
  });
  http.on('clientError', (_err, socket) => socket.destroy());
  return { http, wss, sockets };
}
