import { modesForOps } from './capability';
import { type Attachment, type Channel, FilteredChannel } from './channel';
import type { Connection } from './connection';
import { randomId } from './encoding';
import { errors, toAblyError } from './errors';
import { type FilteredName, parseFilteredName } from './filter';
import type { HistoryEntry } from './history';
import { leavePresence } from './presence';
import { Action, ALL_MODES, Flag, MODE_MASK, type ProtocolMessage } from './protocol';
import type { BrokerState } from './state';
import { isNonNegativeInt, isRecord, validChannelName } from './validate';

// Attach / detach (RTL4, RTL5): modes = requested ∩ capability, continuity from a
// channelSerial (replay after resume), `rewind` backlog, and the presence SYNC on attach.
// `[filter=<base64>]name` attaches to a filtered view of `name` (subscription filters):
// subscribe only, no rewind, no presence; replays are filtered like live messages.

const SYNC_PAGE = 100;
const MAX_REWIND = 100;

export function onAttach(state: BrokerState, conn: Connection, raw: Record<string, unknown>): void {
  const name = channelField(raw, 'ATTACH');
  try {
    // Any qualified name other than a well-formed filter is refused here (40010).
    const filtered: FilteredName | null = name.startsWith('[') ? parseFilteredName(name) : null;
    validChannelName(filtered ? filtered.base : name);
    const flags = raw.flags ?? 0;
    if (!isNonNegativeInt(flags)) throw errors.badRequest('flags must be a non-negative integer');
    const params = mergeParams(filtered?.params, channelParams(raw.params));
    const ops = conn.auth.capability.opsFor(name);
    // Modes come as flags (what the SDK sends, RTL4l) or as a `modes` param, which wins
    // over the flags when present (as Ably does); none = all. A filtered view is
    // subscribe-only whatever was asked (and its capability grants nothing else).
    let requested = (params?.modes !== undefined ? modesParam(params.modes) : flags) & ALL_MODES;
    if (filtered) requested = Flag.SUBSCRIBE;
    const granted = (requested || MODE_MASK) & modesForOps(ops);
    if (modesForOps(ops) === 0) {
      throw errors.notPermitted(
        `Channel denied access based on given capability; channel = ${name}`,
      );
    }
    if (filtered && params?.rewind !== undefined) {
      throw errors.invalidParameter('rewind is not supported on a filtered channel');
    }
    const channel = state.channel(filtered ? filtered.base : name);
    const target = filtered ? channel.filteredView(name, filtered.filter) : channel;
    let att = conn.attachments.get(name);
    let replay: HistoryEntry[] | null = null;
    let resumed = false;
    if (att) {
      // Re-attach on the same (possibly resumed) connection: continuity is possible if
      // the client's channelSerial is ours and nothing after it has been dropped.
      const fromSeq = channel.parseSerial(optStr(raw.channelSerial));
      if (fromSeq !== null && fromSeq >= channel.history.prunedUpTo) {
        resumed = true;
        replay = channel.history.since(fromSeq);
      }
      att.requestedModes = requested;
      att.modes = granted;
      att.params = params;
    } else {
      att = {
        conn,
        channel: target,
        requestedModes: requested,
        modes: granted,
        paused: false,
        presenceClients: null,
        params,
      };
      conn.attachments.set(name, att);
      target.attachments.add(att);
    }
    att.paused = false;

    let backlog: ProtocolMessage[] = [];
    // ATTACH_RESUME (RTL4j): the client was attached before and has had the rewind backlog.
    const reattach = (flags & Flag.ATTACH_RESUME) !== 0;
    if (!resumed && !reattach && params?.rewind && granted & Flag.SUBSCRIBE) {
      backlog = rewind(state, channel, params.rewind);
    }
    const wantsPresence = (granted & Flag.PRESENCE_SUBSCRIBE) !== 0;
    const hasPresence = wantsPresence && channel.presence.size > 0;
    let outFlags = granted;
    if (hasPresence) outFlags |= Flag.HAS_PRESENCE;
    if (resumed) outFlags |= Flag.RESUMED;
    if (backlog.length) outFlags |= Flag.HAS_BACKLOG;
    conn.send({
      action: Action.ATTACHED,
      channel: name,
      flags: outFlags,
      channelSerial: channel.serial(),
      params,
    });
    if (granted & Flag.SUBSCRIBE) {
      // Replay continues the live stream, so it honours echo=false; rewind is a backlog.
      if (replay) {
        for (const { pm } of replay) {
          if (!conn.echo && pm.connectionId === conn.id) continue;
          const out = target instanceof FilteredChannel ? target.project(pm) : pm;
          if (out) conn.send(out);
        }
      }
      for (const pm of backlog) conn.send(pm);
    }
    // A resumed attach does not make the SDK resync presence, so always send a SYNC then:
    // an empty one clears members that left while the client was away.
    if (hasPresence || (resumed && wantsPresence)) sendSync(conn, channel);
    state.logger.debug(`broker: ${conn.id} attached ${name}${resumed ? ' (resumed)' : ''}`);
  } catch (e) {
    const err = toAblyError(e);
    if (err.code === 50000) throw e;
    conn.send({ action: Action.ERROR, channel: name, error: err.toWire() });
  }
}

/** `rewind=<n>` (last n messages) or `rewind=<n>(ms|s|m|h)` (messages that recent). */
function rewind(state: BrokerState, channel: Channel, spec: string): ProtocolMessage[] {
  const count = /^\d+$/.exec(spec);
  if (count) return channel.history.lastMessages(Math.min(Number(spec), MAX_REWIND));
  const dur = /^(\d+)(ms|s|m|h)$/.exec(spec);
  if (!dur) throw errors.invalidParameter(`Invalid rewind value "${spec}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[dur[2] as 'ms' | 's' | 'm' | 'h'];
  const msgs = channel.history.messagesSince(state.now() - Number(dur[1]) * unit);
  return msgs.slice(-MAX_REWIND);
}

/** The channel's members in pages; an empty cursor after the colon marks the last page. */
function sendSync(conn: Connection, channel: Channel): void {
  const members = channel.presence.list();
  const syncId = randomId(8);
  let i = 0;
  do {
    const page = members.slice(i, i + SYNC_PAGE);
    i += SYNC_PAGE;
    const cursor = i < members.length ? String(i) : '';
    conn.send({
      action: Action.SYNC,
      channel: channel.name,
      channelSerial: `${syncId}:${cursor}`,
      presence: page,
    });
  } while (i < members.length);
}

/**
 * A client SYNC asks for the channel's presence set again (ably-js `channel.sync()`): sent
 * when the channel is attached with presence_subscribe, otherwise ignored — never an error.
 */
export function onSync(conn: Connection, raw: Record<string, unknown>): void {
  const att = typeof raw.channel === 'string' ? conn.attachments.get(raw.channel) : undefined;
  // (A filtered view never has presence_subscribe, so `base` is the attachment's channel.)
  if (att && !att.paused && att.modes & Flag.PRESENCE_SUBSCRIBE) sendSync(conn, att.channel.base);
}

export function onDetach(state: BrokerState, conn: Connection, raw: Record<string, unknown>): void {
  const name = channelField(raw, 'DETACH');
  const att = conn.attachments.get(name);
  if (att) removeAttachment(state, conn, att);
  conn.send({ action: Action.DETACHED, channel: name });
}

/**
 * The channel a frame is about. Missing is a malformed frame (connection error); a string
 * that is not a valid name is that channel's problem only, answered on the channel (40010).
 */
function channelField(raw: Record<string, unknown>, what: string): string {
  if (typeof raw.channel !== 'string') throw errors.protocol(`${what} without a channel`);
  return raw.channel;
}

export function removeAttachment(state: BrokerState, conn: Connection, att: Attachment): void {
  leavePresence(state, conn, att);
  att.channel.attachments.delete(att);
  conn.attachments.delete(att.channel.name);
  if (att.channel instanceof FilteredChannel) att.channel.base.pruneFiltered();
}

const MODE_NAMES: Record<string, number> = {
  presence: Flag.PRESENCE,
  publish: Flag.PUBLISH,
  subscribe: Flag.SUBSCRIBE,
  presence_subscribe: Flag.PRESENCE_SUBSCRIBE,
  annotation_publish: Flag.ANNOTATION_PUBLISH,
  annotation_subscribe: Flag.ANNOTATION_SUBSCRIBE,
  object_subscribe: Flag.OBJECT_SUBSCRIBE,
  object_publish: Flag.OBJECT_PUBLISH,
};

/** `modes=publish,subscribe` (any case) as mode flags; an unknown mode is a bad param. */
function modesParam(v: string | undefined): number {
  if (!v) return 0;
  let bits = 0;
  for (const part of v.split(',')) {
    const mode = MODE_NAMES[part.trim().toLowerCase()];
    if (mode === undefined) throw errors.invalidParameter(`Unknown channel mode "${part.trim()}"`);
    bits |= mode;
  }
  return bits;
}

function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Params written in a qualified name, overridden by those of the ATTACH itself. */
function mergeParams(
  fromName: Record<string, string> | undefined,
  fromAttach: Record<string, string> | undefined,
): Record<string, string> | undefined {
  return fromName ? { ...fromName, ...fromAttach } : fromAttach;
}

function channelParams(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) throw errors.badRequest('params must be an object');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
    else throw errors.badRequest(`param ${k} must be a string`);
  }
  return Object.keys(out).length ? out : undefined;
}
