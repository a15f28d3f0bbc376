import cookieParser from 'cookie-parser';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { oneCookie, readCookie } from '../src/http/oneCookie';

// The token route reads its one cookie itself (oneCookie); it must see what cookie-parser,
// used by every other route, would have given it for any Cookie header.

const NAME = 'glowdesk_session';

function viaCookieParser(header: string | undefined): unknown {
  const req = { headers: header === undefined ? {} : { cookie: header } } as Request;
  cookieParser()(req, {} as Response, () => {});
  return req.cookies[NAME];
}

function viaOneCookie(header: string | undefined): unknown {
  const req = { headers: header === undefined ? {} : { cookie: header } } as Request;
  oneCookie(NAME)(req, {} as Response, () => {});
  return req.cookies[NAME];
}

const cases: (string | undefined)[] = [
  undefined,
  '',
  `${NAME}=abc.def`,
  `theme=dark; ${NAME}=abc.def; other=1`,
  `x${NAME}=wrong; ${NAME}=right`,
  `${NAME}x=wrong; ${NAME}=right`,
  `${NAME}=first; ${NAME}=second`,
  `  ${NAME}  =  spaced  ;`,
  `${NAME}="quoted"`,
  `${NAME}="`,
  `${NAME}=a%20b`,
  `${NAME}=bad%zzescape`,
  `${NAME}=`,
  `${NAME}`,
  `;;${NAME}=after-empty;;`,
  `a=b=c; ${NAME}=x=y`,
  `other=1`,
];

describe('oneCookie', () => {
  it.each(cases.map((c) => [c]))('reads %j as cookie-parser does', (header) => {
    expect(viaOneCookie(header)).toEqual(viaCookieParser(header));
  });

  it('agrees with cookie-parser on random headers', () => {
    const alphabet = ['a', '=', ';', ' ', '\t', '"', '%', '2', '0', 'z', NAME, `${NAME}=`, '; '];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2_000; i++) {
      let header = '';
      const parts = next() % 12;
      for (let j = 0; j < parts; j++) header += alphabet[next() % alphabet.length];
      expect(viaOneCookie(header), header).toEqual(viaCookieParser(header));
    }
  });

  it('leaves cookies another middleware already read', () => {
    const req = { headers: { cookie: `${NAME}=from-header` }, cookies: { [NAME]: 'kept' } };
    oneCookie(NAME)(req as unknown as Request, {} as Response, () => {});
    expect(req.cookies[NAME]).toBe('kept');
  });

  it('answers undefined for a name that is not there', () => {
    expect(readCookie('a=1; b=2', NAME)).toBeUndefined();
  });
});
