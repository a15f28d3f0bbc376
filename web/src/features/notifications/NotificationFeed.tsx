import { useNavigate } from 'react-router';
import { channels } from '../../../../contract/channels';
import type { User } from '../../../../contract/entities';
import { keys } from '../../lib/api';
import { useFeedContext } from '../../realtime/feeds/common';
import { type Feed, LiveFeeds } from '../../realtime/feeds/LiveFeeds';
import type { LiveEvent } from '../../realtime/LiveChannel';
import { toast } from '../../ui/toasts';
import { alertIfHidden } from './browserAlerts';
import { addNotification, markRead } from './notificationCache';

/**
 * Everyone's `user:{id}:notifications`: the bell's count and list change in every tab at once,
 * a toast says what happened on whatever page the person is (unless it is that very page),
 * and a hidden tab can raise a system alert the person opted into.
 */
function useNotificationFeed(user: User): Feed[] {
  const { queryClient, path, refetchTickets } = useFeedContext();
  const navigate = useNavigate();

  const onEvent = (event: LiveEvent) => {
    if (event.name === 'notification.new') {
      const { notification, unread } = event.data;
      addNotification(queryClient, notification, unread);
      if (notification.kind === 'support.reply') refetchTickets();
      // No toast for what is on screen: the page itself, or the list it belongs to.
      const onScreen = notification.link === path || notification.link.startsWith(`${path}/`);
      if (!onScreen) {
        toast(`${notification.title} — ${notification.body}`, {
          href: notification.link,
          tone: notification.kind === 'booking.confirmed' ? 'success' : 'info',
        });
      }
      alertIfHidden(notification, (link) => navigate(link));
    } else if (event.name === 'notification.read') {
      markRead(queryClient, event.data.ids, event.data.unread, new Date().toISOString());
    }
  };

  return [
    {
      channel: channels.userNotifications(user.id),
      onEvent,
      onResync: () => void queryClient.invalidateQueries({ queryKey: keys.notifications }),
    },
  ];
}

/** Mounted once by the signed-in shell, for every role. */
export function NotificationFeed({ user }: { user: User }) {
  return <LiveFeeds feeds={useNotificationFeed(user)} />;
}
