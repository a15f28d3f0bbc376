import { z } from 'zod';

/** Entity ids are opaque strings (`bk_…`, `tk_…`); channel names embed them, so no ':' or spaces. */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "_" or "-"');
export type Id = z.infer<typeof Id>;

/** Calendar day in the branch's local time. */
export const IsoDate = z.iso.date();
/** Start time on the 30-minute grid, 24h clock. */
export const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):(00|30)$/, 'must be HH:MM on a 30-minute grid');
/** Instant, ISO 8601 with timezone. */
export const Timestamp = z.iso.datetime({ offset: true });
