import { base64ToBytes, fromUtf8 } from './encoding';
import { errors } from './errors';
import { compileFilter, invalidFilter, type MessageFilter } from './filterExpression';

// Subscription filters, the channel-name side: `[filter=<base64 expression>]channel` names a
// subscribe-only view of `channel` that is sent only the messages the expression accepts.
// The expression language is filterExpression.ts.

/** A `[filter=…]name` channel name, taken apart. */
export interface FilteredName {
  /** The channel whose messages are filtered. */
  readonly base: string;
  readonly filter: MessageFilter;
  /** Channel params written in the qualifier (`[filter=…?rewind=1]name`). */
  readonly params: Record<string, string> | undefined;
}

const FILTER_PREFIX = '[filter=';
/** A base64 expression of MAX_FILTER_LENGTH UTF-16 units, params and a long channel name. */
const MAX_FILTERED_NAME = 16_384;

/** Whether a channel name carries the `[filter=…]` qualifier (cheap; no validation). */
export function isFilteredName(name: unknown): name is string {
  return typeof name === 'string' && name.startsWith(FILTER_PREFIX);
}

/**
 * A filtered channel is subscribe-only (as on Ably): publishing or entering presence on one
 * is refused with 40160, like any operation the channel's mode does not allow.
 */
export function refuseFiltered(name: unknown, what: 'publish' | 'presence'): void {
  if (isFilteredName(name)) {
    throw errors.notPermitted(
      `Unable to ${what === 'publish' ? 'publish' : 'update presence'} on a filtered channel (${clip(name)}): filtered channels are subscribe-only; use the channel without the [filter=…] qualifier`,
    );
  }
}

/**
 * Parses `[filter=<base64>]base` or `[filter=<base64>?k=v&…]base`. Throws 40010 (invalid
 * channel name) for a malformed qualifier, bad base64, non-UTF-8 bytes or an expression that
 * does not compile; other qualifiers (`[meta]`, `[?rewind=1]`) are not served here either.
 */
export function parseFilteredName(name: string): FilteredName {
  if (name.length > MAX_FILTERED_NAME) throw errors.invalidChannel('channel name too long');
  const close = name.indexOf(']');
  if (!name.startsWith(FILTER_PREFIX) || close < 0) {
    throw errors.invalidChannel(
      `Invalid channel name "${clip(name)}": the only channel qualifier the local broker serves is [filter=…]`,
    );
  }
  const qualifier = name.slice(FILTER_PREFIX.length, close);
  const base = name.slice(close + 1);
  const q = qualifier.indexOf('?');
  const encoded = q < 0 ? qualifier : qualifier.slice(0, q);
  const params = q < 0 ? undefined : qualifierParams(qualifier.slice(q + 1));
  const bytes = encoded.length > 0 ? base64ToBytes(encoded) : null;
  if (!bytes) throw invalidFilter('the filter is not base64');
  const expression = fromUtf8(bytes);
  if (expression === null) throw invalidFilter('the decoded filter is not UTF-8');
  return { base, filter: compileFilter(expression), params };
}

function qualifierParams(query: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      out[decodeURIComponent(key)] = decodeURIComponent(value);
    } catch {
      throw errors.invalidChannel(`Invalid channel param "${clip(pair)}"`);
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
