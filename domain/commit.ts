import {
  ApiError,
  channels,
  EventName,
  MAX_PUBLISHES_PER_CHANGE,
  type Publish,
  planPublishes,
  type User,
} from '../contract';
import { planNotifications } from './notifications';
import type { DomainContext, Outcome, StoreTx } from './port';

/**
 * Runs a change in one write transaction and stores what it publishes in the same
 * transaction (the outbox), so a committed change is never left unannounced and an
 * announced change was always committed.
 */
export function commit<T>(ctx: DomainContext, change: Change<T>): Promise<Outcome<T>>;
/** …and, knowing who made the change, tells the people concerned (notifications). */
export function commit<T>(ctx: DomainContext, actor: User, change: Change<T>): Promise<Outcome<T>>;
export function commit<T>(
  ctx: DomainContext,
  actorOrChange: User | Change<T>,
  maybeChange?: Change<T>,
): Promise<Outcome<T>> {
  const actor = typeof actorOrChange === 'function' ? undefined : actorOrChange;
  const change = (typeof actorOrChange === 'function' ? actorOrChange : maybeChange)!;
  return ctx.store.write(async (tx) => {
    const outcome = await change(tx);
    // Bounded per mutation (the planner's tests hold every kind to the cap). A leave decision
    // carries one mutation per booking it moves, each bounded on its own (ADR 0090).
    const planned = outcome.mutations.map(planPublishes);
    for (const one of planned) {
      if (one.length > MAX_PUBLISHES_PER_CHANGE) {
        throw new ApiError('INTERNAL', `A change planned ${one.length} publishes`);
      }
    }
    const publishes = planned.flat();
    publishes.push(...(await notify(ctx, tx, outcome, actor)));
    if (publishes.length > 0) await tx.outbox.add(publishes);
    return outcome;
  });
}

type Change<T> = (tx: StoreTx) => Promise<Outcome<T>>;

/** Stores the change's notifications and plans their live delivery to each person. */
async function notify(
  ctx: DomainContext,
  tx: StoreTx,
  outcome: Outcome<unknown>,
  actor: User | undefined,
): Promise<Publish[]> {
  const out: Publish[] = [];
  const createdAt = ctx.now().toISOString();
  for (const mutation of outcome.mutations) {
    for (const planned of await planNotifications(tx, mutation, actor)) {
      const { notification, unread } = await tx.notifications.add({
        ...planned,
        id: ctx.newId('nf'),
        createdAt,
      });
      out.push({
        channel: channels.userNotifications(planned.userId),
        name: EventName.notificationNew,
        data: { notification, unread },
      } as Publish);
    }
  }
  return out;
}
