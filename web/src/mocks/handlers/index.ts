import type { RequestHandler } from 'msw';
import { authHandlers } from './auth';
import { bookingHandlers } from './bookings';
import { catalogHandlers } from './catalog';
import { fallbackHandlers } from './fallback';
import { leaveHandlers } from './leave';
import { notificationHandlers } from './notifications';
import { systemHandlers } from './system';
import { ticketHandlers } from './tickets';

/** Every mocked `/api` route of docs/architecture.md §7, grouped by area. Shared by the browser and tests. */
export const apiHandlers: RequestHandler[] = [
  ...systemHandlers,
  ...authHandlers,
  ...catalogHandlers,
  ...bookingHandlers,
  ...leaveHandlers,
  ...ticketHandlers,
  ...notificationHandlers,
];

/** API routes plus the fallbacks that keep every other request inside the browser. */
export const handlers: RequestHandler[] = [...apiHandlers, ...fallbackHandlers];

export { setMockTokenTtl } from './system';
export {
  authHandlers,
  bookingHandlers,
  catalogHandlers,
  fallbackHandlers,
  leaveHandlers,
  notificationHandlers,
  systemHandlers,
  ticketHandlers,
};
