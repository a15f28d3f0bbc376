import { AblyError, ErrorCode } from './errors';
import type { WireMessage } from './protocol';

// Subscription filters (Ably "subscription filters", ably-js `channels.getDerived`): a client
// attaches to `[filter=<base64 expression>]channel` and is sent only the messages of
// `channel` for which the expression is true. The expression is JMESPath over
// `{ name, headers }` (the message name and `message.extras.headers`). We implement the
// part of JMESPath a filter needs, compiled once per attachment to plain closures:
//
//   field access    name, headers.flavor, headers."x-key" (quoted identifiers)
//   literals        `"json"` `26095` `true` `null` `[1,2]` (JSON in backticks), 'raw string'
//   comparisons     == != (JSON equality), < <= > >= (numbers only, otherwise null)
//   logic           && || ! with JMESPath truthiness, parentheses
//
// Anything else (functions, projections, pipes, indexes, bare numbers) is refused when the
// channel is attached, with a message saying what and where. Input is bounded (length,
// nesting, node count), so a hostile expression costs at most a small, fixed amount of work
// per message and never recurses without limit.
//
// The channel-name side (`[filter=…]name`, subscribe-only) is filter.ts.

/** Longest expression accepted (characters, after base64 decoding). */
export const MAX_FILTER_LENGTH = 2048;
/** Deepest nesting of parentheses, `!` and JSON literals. */
const MAX_DEPTH = 32;
/** Most operands and operators in one expression. */
const MAX_NODES = 256;

export interface MessageFilter {
  /** The decoded expression, as written. */
  readonly expression: string;
  /** Whether the message passes the filter (JMESPath truthiness of the result). */
  matches(message: WireMessage): boolean;
}

/** 40010, as Ably answers a channel name it cannot use. */
export function invalidFilter(why: string): AblyError {
  return new AblyError(ErrorCode.INVALID_CHANNEL_NAME, 400, `Invalid filter expression: ${why}`);
}

// ─── lexer ────────────────────────────────────────────────────────────────────

type TokenKind = '(' | ')' | '.' | '&&' | '||' | '!' | 'cmp' | 'ident' | 'literal' | 'eof';

interface Token {
  kind: TokenKind;
  /** Operator text for `cmp`, the name for `ident`, the value for `literal`. */
  value: unknown;
  pos: number;
}

class FilterSyntaxError extends Error {}

function fail(why: string, pos: number): never {
  throw new FilterSyntaxError(`${why} at position ${pos}`);
}

const isIdentStart = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; /* A-Z a-z _ */
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);

function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: unknown, pos: number) => {
    if (tokens.length > MAX_NODES * 4) fail('expression too long', pos);
    tokens.push({ kind, value, pos });
  };
  while (i < src.length) {
    const c = src.charCodeAt(i);
    const ch = src[i]!;
    const next = src[i + 1];
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else if (isIdentStart(c)) {
      const start = i;
      while (i < src.length && isIdentPart(src.charCodeAt(i))) i++;
      if (/^\s*\(/.test(src.slice(i, i + 64))) {
        fail('functions are not supported in a subscription filter', start);
      }
      push('ident', src.slice(start, i), start);
    } else if (ch === '"') {
      const end = scanQuoted(src, i, '"');
      let name: unknown;
      try {
        name = JSON.parse(src.slice(i, end + 1));
      } catch {
        fail('invalid quoted identifier', i);
      }
      push('ident', name, i);
      i = end + 1;
    } else if (ch === "'") {
      const end = scanQuoted(src, i, "'");
      const raw = src.slice(i + 1, end).replace(/\\(['\\])/g, '$1');
      push('literal', raw, i);
      i = end + 1;
    } else if (ch === '`') {
      const end = scanQuoted(src, i, '`');
      push('literal', jsonLiteral(src.slice(i + 1, end).replace(/\\`/g, '`'), i), i);
      i = end + 1;
    } else if (ch === '(' || ch === ')' || ch === '.') {
      push(ch, ch, i++);
    } else if (ch === '&' && next === '&') {
      push('&&', '&&', i);
      i += 2;
    } else if (ch === '|' && next === '|') {
      push('||', '||', i);
      i += 2;
    } else if ((ch === '=' || ch === '!' || ch === '<' || ch === '>') && next === '=') {
      push('cmp', `${ch}=`, i);
      i += 2;
    } else if (ch === '<' || ch === '>') {
      push('cmp', ch, i++);
    } else if (ch === '!') {
      push('!', ch, i++);
    } else if (ch === '=') {
      fail('"=" is not an operator (compare with "==")', i);
    } else if ((c >= 48 && c <= 57) || ch === '-') {
      fail('numbers are JSON literals in backticks (e.g. `26095`)', i);
    } else if (ch === '|') {
      fail('pipe expressions are not supported', i);
    } else if ('[]{}*,:&@'.includes(ch)) {
      fail(`"${ch}" is not supported in a subscription filter`, i);
    } else {
      fail(`unexpected character ${JSON.stringify(String.fromCodePoint(src.codePointAt(i)!))}`, i);
    }
  }
  tokens.push({ kind: 'eof', value: null, pos: src.length });
  return tokens;
}

/** Index of the closing quote of the quoted run starting at `start` (backslash escapes). */
function scanQuoted(src: string, start: number, quote: string): number {
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === quote) return i;
  }
  return fail(`unterminated ${quote}`, start);
}

/** A backtick literal: JSON, or (as JMESPath libraries still accept) an unquoted string. */
function jsonLiteral(text: string, pos: number): unknown {
  const trimmed = text.trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    try {
      value = JSON.parse(`"${trimmed}"`);
    } catch {
      fail('invalid JSON literal', pos);
    }
  }
  if (depthOf(value, 0) > MAX_DEPTH) fail('JSON literal nested too deeply', pos);
  return value;
}

function depthOf(v: unknown, d: number): number {
  if (d > MAX_DEPTH || v === null || typeof v !== 'object') return d;
  let max = d + 1;
  for (const item of Object.values(v)) max = Math.max(max, depthOf(item, d + 1));
  return max;
}

// ─── parser → closures ────────────────────────────────────────────────────────

type Eval = (m: WireMessage) => unknown;

class Parser {
  private i = 0;
  private depth = 0;
  private nodes = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Eval {
    const e = this.or();
    const t = this.peek();
    if (t.kind !== 'eof') this.unexpected(t);
    return e;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private take(): Token {
    return this.tokens[this.i++]!;
  }

  private node(pos: number): void {
    if (++this.nodes > MAX_NODES) fail('expression too complex', pos);
  }

  private unexpected(t: Token): never {
    if (t.kind === 'eof') fail('unexpected end of expression', t.pos);
    return fail(`unexpected ${t.kind === 'cmp' ? String(t.value) : t.kind}`, t.pos);
  }

  private or(): Eval {
    const list = [this.and()];
    while (this.peek().kind === '||') {
      this.node(this.take().pos);
      list.push(this.and());
    }
    return list.length === 1 ? list[0]! : anyOf(list);
  }

  private and(): Eval {
    const list = [this.comparison()];
    while (this.peek().kind === '&&') {
      this.node(this.take().pos);
      list.push(this.comparison());
    }
    return list.length === 1 ? list[0]! : allOf(list);
  }

  private comparison(): Eval {
    let left = this.unary();
    while (this.peek().kind === 'cmp') {
      const op = this.take();
      this.node(op.pos);
      left = compare(String(op.value), left, this.unary());
    }
    return left;
  }

  private unary(): Eval {
    const t = this.peek();
    if (t.kind === '!') {
      this.take();
      this.node(t.pos);
      const inner = this.nested(t.pos, () => this.unary());
      return (m) => !truthy(inner(m));
    }
    return this.primary();
  }

  private nested(pos: number, f: () => Eval): Eval {
    if (++this.depth > MAX_DEPTH) fail('expression nested too deeply', pos);
    const e = f();
    this.depth--;
    return e;
  }

  private primary(): Eval {
    const t = this.take();
    this.node(t.pos);
    switch (t.kind) {
      case '(': {
        const inner = this.nested(t.pos, () => this.or());
        const close = this.take();
        if (close.kind !== ')') {
          if (close.kind === 'eof') fail('missing ")"', close.pos);
          this.i--;
          this.unexpected(close);
        }
        return inner;
      }
      case 'literal': {
        const value = t.value;
        return () => value;
      }
      case 'ident':
        return this.path(String(t.value));
      default:
        this.i--;
        return this.unexpected(t);
    }
  }

  private path(root: string): Eval {
    const fields: string[] = [];
    while (this.peek().kind === '.') {
      this.take();
      const f = this.take();
      if (f.kind !== 'ident') {
        this.i--;
        this.unexpected(f);
      }
      this.node(f.pos);
      fields.push(String(f.value));
    }
    const after = this.peek();
    if (after.kind === '(') fail('functions are not supported in a subscription filter', after.pos);
    const get = rootField(root);
    if (fields.length === 0) return get;
    return (m) => {
      let v = get(m);
      for (const f of fields) v = field(v, f);
      return v;
    };
  }
}

/** The message as a filter sees it: `{ name, headers }` (headers = `extras.headers`). */
function rootField(name: string): Eval {
  if (name === 'name') return (m) => m.name ?? null;
  if (name === 'headers') return (m) => field(m.extras, 'headers');
  return () => null; // JMESPath: a missing field is null
}

/** JMESPath field access: own properties of plain objects only, otherwise null. */
function field(v: unknown, key: string): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) {
    return null;
  }
  return Object.hasOwn(v, key) ? ((v as Record<string, unknown>)[key] ?? null) : null;
}

function anyOf(list: Eval[]): Eval {
  return (m) => {
    let v: unknown = null;
    for (const e of list) {
      v = e(m);
      if (truthy(v)) return v;
    }
    return v;
  };
}

function allOf(list: Eval[]): Eval {
  return (m) => {
    let v: unknown = null;
    for (const e of list) {
      v = e(m);
      if (!truthy(v)) return v;
    }
    return v;
  };
}

function compare(op: string, a: Eval, b: Eval): Eval {
  switch (op) {
    case '==':
      return (m) => jsonEqual(a(m), b(m), 0);
    case '!=':
      return (m) => !jsonEqual(a(m), b(m), 0);
    default: {
      const order = ORDER[op]!;
      return (m) => {
        const x = a(m);
        const y = b(m);
        return typeof x === 'number' && typeof y === 'number' ? order(x, y) : null;
      };
    }
  }
}

const ORDER: Record<string, (x: number, y: number) => boolean> = {
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

/** JMESPath falsy: null, false, "", [], {}; everything else (0 included) is truthy. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && !(v instanceof Uint8Array)) {
    for (const _ in v) return true;
    return false;
  }
  return true;
}

/** JSON equality; depth is bounded by the literal side (MAX_DEPTH), so this cannot run away. */
function jsonEqual(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (depth > MAX_DEPTH || a instanceof Uint8Array || b instanceof Uint8Array) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i], depth + 1)) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (!jsonEqual(x, y, depth + 1)) return false;
  }
  return true;
}

/**
 * Compiles a filter expression. Throws 40010 ("Invalid filter expression: … at position n")
 * for anything outside the supported subset.
 */
export function compileFilter(expression: string): MessageFilter {
  if (expression.length > MAX_FILTER_LENGTH) {
    throw invalidFilter(`longer than ${MAX_FILTER_LENGTH} characters`);
  }
  if (expression.trim() === '') throw invalidFilter('empty');
  let evaluate: Eval;
  try {
    evaluate = new Parser(lex(expression)).parse();
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw invalidFilter(e.message);
    throw e;
  }
  return {
    expression,
    matches: (m) => truthy(evaluate(m)),
  };
}
