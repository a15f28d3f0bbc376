import type { QueryClient } from '@tanstack/react-query';
import type { Notification } from '../../../../contract/entities';
import { keys, type NotificationList } from '../../lib/api';

// The bell's list in the query cache, patched by live events so every tab agrees at once.

/** A new notification: on top of the list, and the count the server computed with it. */
export function addNotification(qc: QueryClient, notification: Notification, unread: number) {
  qc.setQueryData<NotificationList>(keys.notifications, (list) =>
    list
      ? {
          items: [notification, ...list.items.filter((n) => n.id !== notification.id)],
          unread,
        }
      : list,
  );
}

/** Read somewhere (this tab, another tab, another device). */
export function markRead(qc: QueryClient, ids: readonly string[], unread: number, at: string) {
  const read = new Set(ids);
  qc.setQueryData<NotificationList>(keys.notifications, (list) =>
    list
      ? {
          items: list.items.map((n) => (read.has(n.id) && !n.readAt ? { ...n, readAt: at } : n)),
          unread,
        }
      : list,
  );
}
