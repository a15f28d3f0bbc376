import { errors } from './errors';
import { Flag } from './protocol';

// Ably capabilities: `{ "resource": ["op", ...] }`. Resources are channel-name patterns
// split on ':'; a `*` segment matches exactly one segment, except as the last segment
// where it matches one or more remaining segments; the resource `*` alone matches every
// unqualified channel. Ops we enforce: publish, subscribe, presence, history,
// channel-metadata (channel status and enumeration), stats ('*' = all).
//
// Qualified names (`[filter=…]chan`, a subscription filter) are matched by qualified
// resources only: `[filter]chan`, `[*]chan`, `[*]*` (`[*]` also matches unqualified names);
// a plain `*` does not reach them. A filtered channel is subscribe-only, so only the
// subscribe op survives on it.

export const Op = {
  PUBLISH: 1,
  SUBSCRIBE: 2,
  PRESENCE: 4,
  HISTORY: 8,
  CHANNEL_METADATA: 16,
  STATS: 32,
} as const;
export const ALL_OPS =
  Op.PUBLISH | Op.SUBSCRIBE | Op.PRESENCE | Op.HISTORY | Op.CHANNEL_METADATA | Op.STATS;

const OP_BITS: Record<string, number> = {
  '*': ALL_OPS,
  publish: Op.PUBLISH,
  subscribe: Op.SUBSCRIBE,
  presence: Op.PRESENCE,
  history: Op.HISTORY,
  'channel-metadata': Op.CHANNEL_METADATA,
  stats: Op.STATS,
};

/** Ably ops we accept in a capability but do not act on (no push, objects, annotations…). */
const KNOWN_UNENFORCED_OPS = new Set([
  'push-subscribe',
  'push-admin',
  'privileged-headers',
  'object-subscribe',
  'object-publish',
  'annotation-subscribe',
  'annotation-publish',
  'message-update-own',
  'message-update-any',
  'message-delete-own',
  'message-delete-any',
]);

export type CapabilitySpec = Record<string, string[]>;

interface Rule {
  /** `[q]…` resources: q (`*` = any qualifier or none); null for unqualified resources. */
  qualifier: string | null;
  segments: string[] | null; // null = matches every channel
  ops: number;
  names: readonly string[]; // the ops as written, enforced or not
}

/** A channel name or resource split into its `[qualifier]` (key only) and the rest. */
function splitQualifier(name: string): { qualifier: string | null; rest: string } {
  if (name.charCodeAt(0) !== 91 /* [ */) return { qualifier: null, rest: name };
  const close = name.indexOf(']');
  if (close < 0) return { qualifier: null, rest: name };
  const inner = name.slice(1, close);
  const end = inner.search(/[=?]/);
  const key = end < 0 ? inner : inner.slice(0, end);
  // `[?rewind=1]chan` only carries params: it is `chan` as far as rights go.
  return { qualifier: key === '' ? null : key, rest: name.slice(close + 1) };
}

function ruleApplies(rule: Rule, qualifier: string | null, segments: string[]): boolean {
  if (rule.qualifier !== null && rule.qualifier !== '*' && rule.qualifier !== qualifier) {
    return false;
  }
  if (rule.qualifier === null && qualifier !== null) return false;
  return rule.segments === null || matchSegments(rule.segments, segments);
}

export class Capability {
  readonly spec: CapabilitySpec;
  private readonly rules: Rule[];

  constructor(spec: CapabilitySpec) {
    this.spec = spec;
    this.rules = Object.entries(spec).map(([resource, ops]) => {
      const { qualifier, rest } = splitQualifier(resource);
      return {
        qualifier,
        segments: rest === '*' ? null : rest.split(':'),
        ops: ops.reduce((acc, op) => acc | (OP_BITS[op] ?? 0), 0),
        names: ops,
      };
    });
  }

  static all(): Capability {
    return new Capability({ '*': ['*'] });
  }

  /** Parses a capability given as a JSON string or object; throws 40003 on bad shape. */
  static parse(input: unknown): Capability {
    let value = input;
    if (typeof input === 'string') {
      try {
        value = JSON.parse(input);
      } catch {
        throw errors.invalidParameter('Invalid capability: not JSON');
      }
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw errors.invalidParameter('Invalid capability: expected an object');
    }
    const spec: CapabilitySpec = {};
    for (const [resource, ops] of Object.entries(value as Record<string, unknown>)) {
      if (!Array.isArray(ops) || ops.length === 0 || !ops.every((o) => typeof o === 'string')) {
        throw errors.invalidParameter(`Invalid capability for resource "${resource}"`);
      }
      const unknown = ops.find((o) => OP_BITS[o] === undefined && !KNOWN_UNENFORCED_OPS.has(o));
      if (unknown !== undefined) {
        throw errors.invalidParameter(`Invalid capability: unknown operation "${unknown}"`);
      }
      if (ops.length > 1 && ops.includes('*')) {
        throw errors.invalidParameter(
          `Invalid capability for resource "${resource}": "*" cannot be combined with other operations`,
        );
      }
      spec[resource] = ops as string[];
    }
    return new Capability(spec);
  }

  /** Bitmask of Op allowed on `channel` (union over every matching resource). */
  opsFor(channel: string): number {
    const { qualifier, rest } = splitQualifier(channel);
    const segments = rest.split(':');
    let ops = 0;
    for (const rule of this.rules) {
      if (ruleApplies(rule, qualifier, segments)) ops |= rule.ops;
    }
    return qualifier === 'filter' ? ops & Op.SUBSCRIBE : ops;
  }

  /**
   * Whether the op named `op` (enforced or not) is granted on `channel`: some matching
   * resource lists it or `*`.
   */
  grantsNamed(channel: string, op: string): boolean {
    const { qualifier, rest } = splitQualifier(channel);
    const segments = rest.split(':');
    return this.rules.some(
      (r) => ruleApplies(r, qualifier, segments) && (r.names.includes('*') || r.names.includes(op)),
    );
  }

  /** Ops granted on any resource at all (for rights that are not about one channel, e.g. stats). */
  anyOps(): number {
    return this.rules.reduce((acc, r) => acc | r.ops, 0);
  }

  isEmpty(): boolean {
    return this.rules.every((r) => r.ops === 0);
  }

  toJSON(): CapabilitySpec {
    return this.spec;
  }
}

export function matchSegments(pattern: string[], name: string[]): boolean {
  const last = pattern.length - 1;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (i === last && p === '*') return name.length > last; // one or more remaining
    if (i >= name.length) return false;
    if (p !== '*' && p !== name[i]) return false;
  }
  return pattern.length === name.length;
}

/** Matches a single resource pattern against a channel name (exported for tests). */
export function resourceMatches(resource: string, channel: string): boolean {
  return new Capability({ [resource]: ['subscribe'] }).opsFor(channel) !== 0;
}

/** The effective rights of a credential: key capability ∩ token capability. */
export class EffectiveCapability {
  private readonly cache = new Map<string, number>();
  constructor(
    readonly key: Capability,
    readonly token: Capability | null,
  ) {}

  opsFor(channel: string): number {
    let ops = this.cache.get(channel);
    if (ops === undefined) {
      ops = this.key.opsFor(channel);
      if (this.token) ops &= this.token.opsFor(channel);
      // Bounded cache: a connection touching many channels must not grow without limit.
      if (this.cache.size > 256) this.cache.clear();
      this.cache.set(channel, ops);
    }
    return ops;
  }

  /** Whether some resource grants `op` in both the key and the token capability. */
  grantsAnywhere(op: number): boolean {
    return (this.key.anyOps() & (this.token?.anyOps() ?? ALL_OPS) & op) !== 0;
  }

  /** The capability as Ably reports it in TokenDetails (the token's, or the key's). */
  spec(): CapabilitySpec {
    return (this.token ?? this.key).spec;
  }
}

/** Channel mode flags a capability grants (subscribe also covers presence_subscribe). */
export function modesForOps(ops: number): number {
  let modes = 0;
  if (ops & Op.PUBLISH) modes |= Flag.PUBLISH;
  if (ops & Op.SUBSCRIBE) modes |= Flag.SUBSCRIBE | Flag.PRESENCE_SUBSCRIBE;
  if (ops & Op.PRESENCE) modes |= Flag.PRESENCE;
  return modes;
}

/**
 * Intersection of two capability specs as used when issuing a token from a TokenRequest:
 * for every requested resource keep the ops the key grants on it, in the order requested
 * (ops we do not enforce, e.g. `push-subscribe`, are kept like the others). Resources are
 * kept verbatim, so this is exact when the request is narrower than the key (the common case).
 */
export function intersectSpecs(key: Capability, requested: Capability): CapabilitySpec {
  const out: CapabilitySpec = {};
  for (const [resource, ops] of Object.entries(requested.spec)) {
    const grants = (op: string) =>
      resource === '*' ? keyGrantsForAll(key, op) : key.grantsNamed(resource, op);
    let granted: string[];
    if (ops.includes('*')) {
      if (grants('*')) granted = ['*'];
      else {
        const keyOps = resource === '*' ? keyOpsForAll(key) : key.opsFor(resource);
        granted = opsToNames(keyOps);
        for (const op of KNOWN_UNENFORCED_OPS) if (grants(op)) granted.push(op);
      }
    } else {
      granted = ops.filter(grants);
    }
    if (granted.length) out[resource] = granted;
  }
  return out;
}

function keyOpsForAll(key: Capability): number {
  return key.spec['*'] ? key.opsFor('') : 0;
}

/** What a requested `*` resource gets: only what the key's own `*` resource grants. */
function keyGrantsForAll(key: Capability, op: string): boolean {
  const ops = key.spec['*'];
  return ops !== undefined && (ops.includes('*') || ops.includes(op));
}

function opsToNames(ops: number): string[] {
  if ((ops & ALL_OPS) === ALL_OPS) return ['*'];
  const names: string[] = [];
  if (ops & Op.CHANNEL_METADATA) names.push('channel-metadata');
  if (ops & Op.HISTORY) names.push('history');
  if (ops & Op.PRESENCE) names.push('presence');
  if (ops & Op.PUBLISH) names.push('publish');
  if (ops & Op.STATS) names.push('stats');
  if (ops & Op.SUBSCRIBE) names.push('subscribe');
  return names;
}
