import { ApiError, MAX_PUBLISHES_PER_CHANGE, planPublishes } from '../contract';
import type { DomainContext, Outcome, StoreTx } from './port';

/**
 * Runs a change in one write transaction and stores what it publishes in the same
 * transaction (the outbox), so a committed change is never left unannounced and an
 * announced change was always committed.
 */
export function commit<T>(
  ctx: DomainContext,
  change: (tx: StoreTx) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  return ctx.store.write(async (tx) => {
    const outcome = await change(tx);
    const publishes = outcome.mutations.flatMap(planPublishes);
    if (publishes.length > MAX_PUBLISHES_PER_CHANGE) {
      throw new ApiError('INTERNAL', `A change planned ${publishes.length} publishes`);
    }
    if (publishes.length > 0) await tx.outbox.add(publishes);
    return outcome;
  });
}
