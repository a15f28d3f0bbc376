import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Notification } from '../../../../contract/entities';
import { api, keys } from '../../lib/api';
import { type AlertPermission, alertPermission, askForAlerts } from './browserAlerts';
import { markRead } from './notificationCache';
import './notifications.css';

/**
 * The header's bell: the unread count, and a list (newest first) where each entry opens its
 * screen and counts as read; "Mark all read"; and the opt-in for system alerts.
 */
export function NotificationBell() {
  const queryClient = useQueryClient();
  const { data } = useQuery({ queryKey: keys.notifications, queryFn: api.notifications });
  const [open, setOpen] = useState(false);
  const [permission, setPermission] = useState<AlertPermission>(alertPermission);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const unread = data?.unread ?? 0;

  const read = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => api.markNotificationsRead(body),
    onSuccess: ({ unread: left }, body) => {
      const ids = 'ids' in body ? body.ids : (data?.items.map((n) => n.id) ?? []);
      markRead(queryClient, ids, left, new Date().toISOString());
    },
  });

  // Escape or a click outside closes the list.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const openOne = (n: Notification) => {
    setOpen(false);
    if (!n.readAt) read.mutate({ ids: [n.id] });
  };

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="btn btn-ghost btn-small bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        data-testid="notification-bell"
        data-unread={unread}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 ? (
          <span className="badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section id={panelId} className="bell-panel" aria-label="Notifications">
          <header className="bell-head">
            <h2>Notifications</h2>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              disabled={unread === 0 || read.isPending}
              onClick={() => read.mutate({ all: true })}
            >
              Mark all read
            </button>
          </header>
          {data && data.items.length > 0 ? (
            <ul className="bell-list">
              {data.items.map((n) => (
                <li
                  key={n.id}
                  className={n.readAt ? 'bell-item' : 'bell-item unread'}
                  data-testid="notification"
                  data-notification-id={n.id}
                  data-read={n.readAt ? 'true' : 'false'}
                >
                  <Link to={n.link} onClick={() => openOne(n)}>
                    <span className="bell-title">{n.title}</span>
                    <span className="bell-body">{n.body}</span>
                    <span className="bell-when muted">{ago(n.createdAt)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted bell-empty">Nothing new. Changes to your bookings show up here.</p>
          )}
          {permission === 'default' ? (
            <button
              type="button"
              className="btn btn-ghost btn-small bell-alerts"
              onClick={() => void askForAlerts().then(setPermission)}
            >
              Alert me when this tab is in the background
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday": how long ago, in the reader's language. */
function ago(iso: string): string {
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  if (seconds > -45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes > -60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours > -24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}
