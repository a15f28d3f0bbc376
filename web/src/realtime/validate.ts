import '../lib/strictZod';

// Event validation with the contract's zod schemas, in its own chunk: it loads right after the
// first paint of a signed-in page instead of in front of it (ADR 0031).
export { parseEvent } from '../../../contract/events';

import { PresenceData } from '../../../contract/entities';

/** A member's presence data if it matches the contract, else null (never throws). */
export function parsePresenceData(data: unknown): PresenceData | null {
  const result = PresenceData.safeParse(data);
  return result.success ? result.data : null;
}
