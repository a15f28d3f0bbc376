// One way to run SQL on either database (ADR 0101). Queries are written once, in the SQL both
// SQLite and PostgreSQL accept, with `?` or `@name` placeholders; each Database turns them into
// what its driver wants. Where the two dialects differ, a helper below gives the fragment.

export type Dialect = 'sqlite' | 'postgres';

/** Positional values for `?`, or named values for `@name`. */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

/** Runs statements: inside a transaction when given to `read`/`write`, else each on its own. */
export interface Sql {
  readonly dialect: Dialect;
  all<T>(text: string, params?: Params): Promise<T[]>;
  get<T>(text: string, params?: Params): Promise<T | undefined>;
  /** Answers how many rows the statement changed. */
  run(text: string, params?: Params): Promise<number>;
}

/**
 * A table source with one row (`value`, text) per element of a JSON array parameter — how
 * both dialects take a list as one placeholder: `id IN (SELECT value FROM ${jsonValues(sql)})`.
 */
export const jsonValues = (sql: Sql): string =>
  sql.dialect === 'sqlite' ? 'json_each(?)' : 'json_array_elements_text(CAST(? AS json))';

interface Translated {
  text: string;
  /** Parameter names in `$n` order; null for positional `?`. */
  names: string[] | null;
}

const translations = new Map<string, Translated>();

/**
 * `?` and `@name` placeholders → PostgreSQL's `$1…$n` (one number per distinct name), skipping
 * quoted strings and identifiers. Cached per text: every text comes from fixed fragments.
 */
export function toPostgres(text: string): Translated {
  const cached = translations.get(text);
  if (cached) return cached;
  let out = '';
  let positional = 0;
  const names: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end === -1 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++positional}`;
    } else if (c === '@' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /\w/.test(text[j]!)) j++;
      const name = text.slice(i + 1, j);
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i = j - 1;
    } else {
      out += c;
    }
  }
  if (positional > 0 && names.length > 0) {
    throw new Error('a statement uses either ? or @name placeholders, not both');
  }
  const translated = { text: out, names: names.length ? names : null };
  translations.set(text, translated);
  return translated;
}

/** The values in `$n` order for a translated statement. */
export function postgresValues(translated: Translated, params: Params | undefined): unknown[] {
  if (!params) return [];
  if (Array.isArray(params)) return params as unknown[];
  if (!translated.names) throw new Error('named values given to a statement with ? placeholders');
  const named = params as Record<string, unknown>;
  return translated.names.map((name) => {
    if (!(name in named)) throw new Error(`no value for @${name}`);
    return named[name];
  });
}

/** A UNIQUE constraint refused the row (SQLite's and PostgreSQL's codes). */
export const isUniqueViolation = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
};
