import { http } from 'msw';
import { LEAVE_DECIDER_ROLES, LeaveDecisionBody, LeaveRequestBody } from '../../../../contract';
import * as domain from '../../../../domain';
import { mockDomain as ctx } from '../store/domainStore';
import { api, idParam, ok, parseBody, route, user, userWithRole } from './http';

export const leaveHandlers = [
  http.get(
    api('/leave'),
    route(async () => ok(await domain.listLeave(ctx, user()))),
  ),

  http.post(
    api('/leave'),
    route(async ({ request }) => {
      const me = userWithRole('staff');
      const body = await parseBody(request, LeaveRequestBody);
      const { result } = await domain.requestLeave(ctx, me, body);
      return ok({ leave: result }, 201);
    }),
  ),

  http.get(
    api('/leave/:id/impact'),
    route(async ({ params }) => {
      const me = userWithRole(...LEAVE_DECIDER_ROLES);
      return ok(await domain.leaveImpact(ctx, me, idParam(params)));
    }),
  ),

  http.patch(
    api('/leave/:id'),
    route(async ({ request, params }) => {
      const me = userWithRole(...LEAVE_DECIDER_ROLES);
      const id = idParam(params);
      const body = await parseBody(request, LeaveDecisionBody);
      const { result } = await domain.decideLeave(ctx, me, id, body);
      return ok({ leave: result });
    }),
  ),
];
