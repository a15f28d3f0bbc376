import type { Notification } from '../../../../contract/entities';

// Opt-in system notifications for a hidden tab (the Notification API). Permission is only ever
// asked for from a click (browsers require a user gesture, and asking on load is rude).

export type AlertPermission = 'unsupported' | NotificationPermission;

export function alertPermission(): AlertPermission {
  return typeof window !== 'undefined' && 'Notification' in window
    ? window.Notification.permission
    : 'unsupported';
}

export async function askForAlerts(): Promise<AlertPermission> {
  if (alertPermission() === 'unsupported') return 'unsupported';
  return window.Notification.requestPermission();
}

/** Shows a system notification when the tab is hidden and the person allowed it. */
export function alertIfHidden(n: Notification, open: (link: string) => void): void {
  if (alertPermission() !== 'granted' || document.visibilityState !== 'hidden') return;
  const alert = new window.Notification(n.title, { body: n.body, tag: n.id });
  alert.onclick = () => {
    window.focus();
    open(n.link);
    alert.close();
  };
}
