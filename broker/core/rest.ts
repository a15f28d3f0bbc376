import { Op } from './capability';
import { decodeBody, encodeValue } from './codec';
import { credentialsFrom } from './credentials';
import type { BrokerEngine } from './engine';
import { AblyError, errors, toAblyError } from './errors';
import type { AuthContext } from './tokens';
import { isRecord, validChannelName } from './validate';

// Ably's REST API, the subset the SDK and Glowdesk use. Platform-agnostic: the Node HTTP
// server (and, later, a browser mock) adapts its requests to RestRequest.

export interface RestRequest {
  method: string;
  /** Path without the query string, e.g. '/channels/abc/messages'. */
  path: string;
  query: Record<string, string | undefined>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body?: Uint8Array;
}

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

type Route = (engine: BrokerEngine, req: RestRequest, params: string[]) => Promise<Reply> | Reply;

interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

const routes: Array<{ method: string; pattern: RegExp; handler: Route }> = [
  { method: 'GET', pattern: /^\/healthz\/?$/, handler: healthz },
  { method: 'GET', pattern: /^\/time\/?$/, handler: (e) => ({ body: [e.now()] }) },
  { method: 'GET', pattern: /^\/stats\/?$/, handler: stats },
  { method: 'POST', pattern: /^\/keys\/([^/]+)\/requestToken\/?$/, handler: requestToken },
  { method: 'POST', pattern: /^\/keys\/([^/]+)\/revokeTokens\/?$/, handler: revokeTokens },
  { method: 'POST', pattern: /^\/channels\/([^/]+)\/messages\/?$/, handler: publish },
  { method: 'GET', pattern: /^\/channels\/([^/]+)\/messages\/?$/, handler: history },
  { method: 'GET', pattern: /^\/channels\/([^/]+)\/presence\/?$/, handler: presence },
  {
    method: 'GET',
    pattern: /^\/channels\/([^/]+)\/presence\/history\/?$/,
    handler: presenceHistory,
  },
  { method: 'GET', pattern: /^\/channels\/([^/]+)\/?$/, handler: channelStatus },
  { method: 'GET', pattern: /^\/channels\/?$/, handler: listChannels },
  { method: 'POST', pattern: /^\/messages\/?$/, handler: batchPublish },
  { method: 'GET', pattern: /^\/presence\/?$/, handler: batchPresence },
];

export async function handleRestRequest(
  engine: BrokerEngine,
  req: RestRequest,
): Promise<RestResponse> {
  const format = req.headers.accept?.includes('msgpack') ? 'msgpack' : 'json';
  const envelope =
    req.query.envelope === 'json' || req.query.envelope === 'msgpack' ? req.query.envelope : null;
  try {
    for (const r of routes) {
      if (r.method !== req.method) continue;
      const m = r.pattern.exec(req.path);
      if (!m) continue;
      const params = m.slice(1).map(safeDecode);
      const reply = await r.handler(engine, req, params);
      return respond(reply.status ?? 200, reply.body, reply.headers ?? {}, format, envelope);
    }
    // Ably answers any route it does not serve, whatever the method, with 404.
    throw errors.notFound(`No route ${req.method} ${req.path}`);
  } catch (e) {
    const err = toAblyError(e);
    if (err.code === 50000) engine.logger.error('broker: REST handler failed', e);
    return respond(
      err.statusCode,
      { error: err.toWire() },
      {
        'x-ably-errorcode': String(err.code),
        'x-ably-errormessage': err.message.replace(/[^\x20-\x7e]/g, '?'),
      },
      format,
      envelope,
    );
  }
}

function respond(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  format: 'json' | 'msgpack',
  envelope: 'json' | 'msgpack' | null,
): RestResponse {
  // Browsers cannot read Link headers through the SDK's XHR, so it asks for an envelope
  // (and a few SDK calls always do); the envelope's format is the one requested.
  if (envelope) {
    return {
      status: 200,
      headers: {
        'content-type': envelope === 'msgpack' ? 'application/x-msgpack' : 'application/json',
      },
      body: encodeValue({ statusCode: status, response: body, headers }, envelope),
    };
  }
  return {
    status,
    headers: {
      ...headers,
      // Exactly these strings: ably-js switches on the full content-type of error replies.
      'content-type': format === 'msgpack' ? 'application/x-msgpack' : 'application/json',
    },
    body: status === 204 ? '' : encodeValue(body, format),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw errors.badRequest('Malformed URL encoding');
  }
}

async function authenticate(engine: BrokerEngine, req: RestRequest): Promise<AuthContext> {
  const creds = credentialsFrom(req.query, req.headers);
  const header = req.headers['x-ably-clientid'];
  if (header && !creds.clientId) {
    try {
      creds.clientId = new TextDecoder().decode(
        Uint8Array.from(atob(header), (c) => c.charCodeAt(0)),
      );
    } catch {
      throw errors.badRequest('Invalid X-Ably-ClientId header');
    }
  }
  const auth = await engine.keys.authenticate(creds, engine.now());
  if (auth.expiresAt !== null && auth.expiresAt <= engine.now()) throw errors.tokenExpired();
  return auth;
}

function body(req: RestRequest): unknown {
  if (!req.body || req.body.length === 0) throw errors.invalidBody('Request body is empty');
  return decodeBody(req.body, req.headers['content-type']);
}

function healthz(engine: BrokerEngine): Reply {
  const s = engine.stats();
  return {
    body: { ok: true, serverId: engine.serverId, connections: s.connections, channels: s.channels },
  };
}

async function stats(engine: BrokerEngine, req: RestRequest): Promise<Reply> {
  const auth = await authenticate(engine, req);
  if (!auth.capability.grantsAnywhere(Op.STATS)) {
    throw errors.notPermitted('No stats capability');
  }
  const s = engine.stats();
  const now = new Date(engine.now());
  const intervalId = now.toISOString().slice(0, 16).replace('T', ':');
  // An array of one Stats-shaped object, so `rest.stats()` in the SDK can read it too.
  return { body: [{ intervalId, unit: 'minute', ...s }] };
}

async function requestToken(engine: BrokerEngine, req: RestRequest, [keyName]: string[]) {
  const details = await engine.keys.requestToken(keyName!, body(req), engine.now());
  return { body: details };
}

async function revokeTokens(engine: BrokerEngine, req: RestRequest, [keyName]: string[]) {
  const auth = await authenticate(engine, req);
  if (auth.method !== 'basic') {
    throw errors.keyAuthRequired('Cannot revoke tokens when using token auth; use the API key');
  }
  if (auth.keyName !== keyName) {
    throw errors.wrongKeyForRevocation();
  }
  return { body: engine.revokeTokens(keyName!, body(req)) };
}

async function publish(engine: BrokerEngine, req: RestRequest, [channel]: string[]) {
  const auth = await authenticate(engine, req);
  const result = engine.publish(channel!, body(req), { auth });
  return { status: 201, body: result };
}

async function batchPublish(engine: BrokerEngine, req: RestRequest): Promise<Reply> {
  const auth = await authenticate(engine, req);
  const input = body(req);
  const specs = Array.isArray(input) ? input : [input];
  const out = specs.map((spec) => {
    if (!isRecord(spec)) throw errors.invalidBody('Each batch spec must be an object');
    const channels = Array.isArray(spec.channels) ? spec.channels : [spec.channels];
    const results = channels.map((ch) => {
      try {
        if (typeof ch !== 'string') throw errors.invalidChannel('channel must be a string');
        const r = engine.publish(ch, spec.messages, { auth });
        return { channel: r.channel, messageId: r.messageId };
      } catch (e) {
        return { channel: String(ch), error: toAblyError(e).toWire() };
      }
    });
    const failureCount = results.filter((r) => 'error' in r).length;
    return { successCount: results.length - failureCount, failureCount, results };
  });
  // One spec sent bare (not in an array) is answered with its per-channel results alone.
  return { status: 201, body: Array.isArray(input) ? out : out[0]!.results };
}

function intParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw errors.invalidParameter(`${name} must be a number`);
  return n;
}

function history(engine: BrokerEngine, req: RestRequest, [channel]: string[]) {
  return pagedHistory(engine, req, channel!, 'messages');
}

function presenceHistory(engine: BrokerEngine, req: RestRequest, [channel]: string[]) {
  return pagedHistory(engine, req, channel!, 'presence');
}

/** History pages (RSL2, RSP4) with Link headers relative to the request path. */
async function pagedHistory(
  engine: BrokerEngine,
  req: RestRequest,
  name: string,
  kind: 'messages' | 'presence',
): Promise<Reply> {
  const auth = await authenticate(engine, req);
  if (!(auth.capability.opsFor(name) & (Op.HISTORY | Op.SUBSCRIBE))) {
    throw errors.notPermitted(`No history capability on channel ${name}`);
  }
  const q = req.query;
  const direction = q.direction ?? 'backwards';
  if (direction !== 'backwards' && direction !== 'forwards') {
    throw errors.invalidParameter('direction must be forwards or backwards');
  }
  const limit = intParam(q.limit, 'limit') ?? 100;
  if (limit < 1 || limit > 1000) throw errors.invalidParameter('limit must be 1..1000');
  const start = intParam(q.start, 'start');
  const end = intParam(q.end, 'end');
  let after: { seq: number; index: number } | undefined;
  if (q.cursor) {
    const m = /^(\d+)_(\d+)$/.exec(q.cursor);
    if (!m) throw errors.invalidParameter('Invalid cursor');
    after = { seq: Number(m[1]), index: Number(m[2]) };
  }
  const untilSerial = q.from_serial;
  const query = { start, end, limit, direction, after, untilSerial } as const;
  const result =
    kind === 'presence' ? engine.presenceHistory(name, query) : engine.history(name, query);
  const base: Record<string, string> = { limit: String(limit), direction };
  if (untilSerial) base.from_serial = untilSerial;
  if (start !== undefined) base.start = String(start);
  if (end !== undefined) base.end = String(end);
  const link = (params: Record<string, string>, rel: string) =>
    `<./${kind === 'presence' ? 'history' : 'messages'}?${new URLSearchParams(params)}>; rel="${rel}"`;
  const links = [link(base, 'first')];
  if (q.cursor) links.push(link({ ...base, cursor: q.cursor }, 'current'));
  else links.push(link(base, 'current'));
  if (result.next) {
    links.push(link({ ...base, cursor: `${result.next.seq}_${result.next.index}` }, 'next'));
  }
  return { body: result.items, headers: { link: links.join(', ') } };
}

async function presence(engine: BrokerEngine, req: RestRequest, [channel]: string[]) {
  const auth = await authenticate(engine, req);
  const name = channel!;
  if (!(auth.capability.opsFor(name) & (Op.SUBSCRIBE | Op.PRESENCE))) {
    throw errors.notPermitted(`No capability to read presence on channel ${name}`);
  }
  const limit = intParam(req.query.limit, 'limit') ?? 100;
  const members = engine.presenceMembers(name, {
    clientId: req.query.clientId,
    connectionId: req.query.connectionId,
  });
  return { body: members.slice(0, Math.max(1, Math.min(limit, 1000))) };
}

/** GET /presence?channels=a,b (RSC24): members per channel, failures per channel. */
async function batchPresence(engine: BrokerEngine, req: RestRequest): Promise<Reply> {
  const auth = await authenticate(engine, req);
  const names = (req.query.channels ?? '').split(',').filter((n) => n !== '');
  if (names.length === 0) throw errors.badRequest('channels is required: ?channels=a,b');
  if (names.length > 100) throw errors.badRequest('At most 100 channels per request');
  const results = names.map((channel) => {
    try {
      validChannelName(channel);
      if (!(auth.capability.opsFor(channel) & (Op.SUBSCRIBE | Op.PRESENCE))) {
        throw errors.notPermitted(`No capability to read presence on channel ${channel}`);
      }
      return { channel, presence: engine.presenceMembers(channel) };
    } catch (e) {
      return { channel, error: toAblyError(e).toWire() };
    }
  });
  const failureCount = results.filter((r) => 'error' in r).length;
  return { body: { successCount: results.length - failureCount, failureCount, results } };
}

async function channelStatus(engine: BrokerEngine, req: RestRequest, [channel]: string[]) {
  const auth = await authenticate(engine, req);
  if (!(auth.capability.opsFor(channel!) & Op.CHANNEL_METADATA)) {
    throw errors.notPermitted(`No channel-metadata capability on channel ${channel}`);
  }
  return { body: engine.channelStatus(channel!) };
}

/** Channel enumeration: `by=id` names, else ChannelDetails; only channels the caller may see. */
async function listChannels(engine: BrokerEngine, req: RestRequest): Promise<Reply> {
  const auth = await authenticate(engine, req);
  if (!auth.capability.grantsAnywhere(Op.CHANNEL_METADATA)) {
    throw errors.notPermitted('No channel-metadata capability');
  }
  const limit = intParam(req.query.limit, 'limit') ?? 100;
  if (limit < 1 || limit > 1000) throw errors.invalidParameter('limit must be 1..1000');
  const names = engine
    .activeChannels(req.query.prefix ?? '')
    .filter((name) => auth.capability.opsFor(name) & Op.CHANNEL_METADATA)
    .slice(0, limit);
  return {
    body: req.query.by === 'id' ? names : names.map((name) => engine.channelStatus(name)),
  };
}

export { AblyError };
