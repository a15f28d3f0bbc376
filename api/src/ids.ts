import { randomBytes } from 'node:crypto';

export type IdPrefix = 'bk' | 'tk' | 'msg' | 'nt' | 'lv' | 'u';

/** `bk_3x9…`: a prefix that says what it is and 72 random bits (contract `Id`-safe). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}
