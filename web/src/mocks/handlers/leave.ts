import { http } from 'msw';
import { LEAVE_DECIDER_ROLES, LeaveDecisionBody, LeaveRequestBody } from '../../../../contract';
import { decideLeave, listLeave, requestLeave } from '../domain/leave';
import { readDb, transaction } from '../store/db';
import { afterCommit, api, idParam, ok, parseBody, route, user, userWithRole } from './http';

export const leaveHandlers = [
  http.get(
    api('/leave'),
    route(() => {
      const me = user();
      return ok(readDb((db) => listLeave(db, me)));
    }),
  ),

  http.post(
    api('/leave'),
    route(async ({ request }) => {
      const me = userWithRole('staff');
      const body = await parseBody(request, LeaveRequestBody);
      const { result, mutations } = await transaction((db) => requestLeave(db, me, body));
      afterCommit(mutations);
      return ok({ leave: result }, 201);
    }),
  ),

  http.patch(
    api('/leave/:id'),
    route(async ({ request, params }) => {
      const me = userWithRole(...LEAVE_DECIDER_ROLES);
      const id = idParam(params);
      const body = await parseBody(request, LeaveDecisionBody);
      const { result, mutations } = await transaction((db) => decideLeave(db, me, id, body));
      afterCommit(mutations);
      return ok({ leave: result });
    }),
  ),
];
