import { randomBytes } from 'node:crypto';

export type IdPrefix = 'bk' | 'tk' | 'msg' | 'nt' | 'lv' | 'u' | 'cu' | 'ev' | 'ses' | 'nf';

/** `bk_3x9…`: a prefix that says what it is and 72 random bits (contract `Id`-safe). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

// Request ids only need to be unique within this server's logs: a per-process random tag and
// a counter, with no call into the CSPRNG on every request.
const processTag = randomBytes(4).toString('hex');
let requestCount = 0;

/** `req_1a2b3c4d-2s`: the id of one HTTP request, in logs and `X-Request-Id`. */
export function newRequestId(): string {
  requestCount += 1;
  return `req_${processTag}-${requestCount.toString(36)}`;
}
