import { http } from 'msw';
import { MarkNotificationsReadBody } from '../../../../contract';
import * as domain from '../../../../domain';
import { mockDomain as ctx } from '../store/domainStore';
import { api, ok, parseBody, route, user } from './http';

// Same steps as api/src/routes/notifications.ts.
export const notificationHandlers = [
  http.get(
    api('/notifications'),
    route(async () => ok(await domain.listNotifications(ctx, user()))),
  ),

  http.post(
    api('/notifications/read'),
    route(async ({ request }) => {
      const me = user();
      const body = await parseBody(request, MarkNotificationsReadBody);
      return ok((await domain.markNotificationsRead(ctx, me, body)).result);
    }),
  ),
];
