import type { RequestHandler } from 'express';

/**
 * `req.cookies` holding only the named cookie, for a route that reads nothing else: the token
 * route, called on every SDK connect and renewal. cookie-parser builds every cookie and checks
 * each one for a `j:` JSON prefix; this reads the one, decoded as cookie-parser's `cookie.parse`
 * does (the first occurrence wins, surrounding quotes go, `%XX` is decoded when valid).
 */
export function oneCookie(name: string): RequestHandler {
  return (req, _res, next) => {
    if (req.cookies === undefined) {
      const header = req.headers.cookie;
      const value = header ? readCookie(header, name) : undefined;
      req.cookies = value === undefined ? {} : { [name]: value };
    }
    next();
  };
}

/** The value of the first cookie called `name` in a `Cookie` header, or undefined. */
export function readCookie(header: string, name: string): string | undefined {
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq < 0) return undefined;
    if (eq < end && trimmed(header, start, eq) === name) {
      let value = trimmed(header, eq + 1, end);
      if (value.length > 0 && value[0] === '"' && value[value.length - 1] === '"') {
        value = value.slice(1, -1);
      }
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** `header[from, to)` without the spaces and tabs around it (what RFC 6265 allows there). */
function trimmed(header: string, from: number, to: number): string {
  while (from < to && (header[from] === ' ' || header[from] === '\t')) from++;
  while (to > from && (header[to - 1] === ' ' || header[to - 1] === '\t')) to--;
  return header.slice(from, to);
}
