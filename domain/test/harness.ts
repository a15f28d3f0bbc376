import { ApiError, addDays, demoUsers, localDate, type User, zonedInstant } from '../../contract';
import type { DomainContext, Outcome } from '../port';

// What the domain contract suite needs from a store: a fresh one, seeded with the demo salon
// (contract/demoData) dated relative to `now`, and a context whose clock reads `now`.

export interface StoreHarness {
  /** A store seeded as of `now` with the demo branch in `timeZone`. */
  fresh(now: Date, timeZone: string): Promise<DomainContext>;
}

/**
 * The suite's branch zone: far from any machine's (UTC−11), so a rule that read the host's
 * zone instead of the branch's fails here whatever zone the tests run in.
 */
export const SUITE_ZONE = 'Pacific/Pago_Pago';

/** The demo salon's people, by first name. */
export const people = Object.fromEntries(demoUsers.map((u) => [u.name.toLowerCase(), u])) as Record<
  'olivia' | 'max' | 'rita' | 'mia' | 'leo' | 'zoe' | 'ava' | 'ben',
  User
>;

/** 10:00 on the branch's today (in `timeZone`): the seed has bookings before and after it. */
export function tenAm(timeZone: string = SUITE_ZONE): Date {
  return zonedInstant(localDate(new Date(), timeZone), '10:00', timeZone);
}

export function days(now: Date, timeZone: string = SUITE_ZONE) {
  const today = localDate(now, timeZone);
  return {
    yesterday: addDays(today, -1),
    today,
    tomorrow: addDays(today, 1),
    /** No seeded bookings: every stylist free all day. */
    free: addDays(today, 3),
  };
}

/** The error code a rejected domain call carries (fails the test if it resolves). */
export async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  throw new Error('expected the domain to refuse, but it allowed the change');
}

export const kinds = (outcome: Outcome<unknown>) => outcome.mutations.map((m) => m.kind);
