import type { MarkNotificationsReadBody, Notification, User } from '../contract';
import { commit } from './commit';
import type { DomainContext, Outcome } from './port';

// A person's notifications: the bell's list and unread count, and marking them read.

/** How many a person's list shows (newest first); older ones stay stored. */
export const NOTIFICATION_LIST_LIMIT = 50;

export async function listNotifications(
  ctx: DomainContext,
  user: User,
): Promise<{ items: Notification[]; unread: number }> {
  return ctx.store.read(async (tx) => ({
    items: await tx.notifications.list(user.id, NOTIFICATION_LIST_LIMIT),
    unread: await tx.notifications.unread(user.id),
  }));
}

/** Marks some (or all) of the caller's own notifications read, on all their tabs at once. */
export async function markNotificationsRead(
  ctx: DomainContext,
  user: User,
  body: MarkNotificationsReadBody,
): Promise<Outcome<{ unread: number }>> {
  return commit(ctx, user, async (tx) => {
    const ids = await tx.notifications.markRead(
      user.id,
      'all' in body ? 'all' : body.ids,
      ctx.now().toISOString(),
    );
    const unread = await tx.notifications.unread(user.id);
    return {
      result: { unread },
      mutations: ids.length ? [{ kind: 'notifications.read', userId: user.id, ids, unread }] : [],
    };
  });
}
