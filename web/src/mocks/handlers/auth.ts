import { http } from 'msw';
import { LoginBody, RegisterBody } from '../../../../contract';
import { login, register } from '../store/accounts';
import { readDb, transaction } from '../store/db';
import { mockDomain } from '../store/domainStore';
import { currentUser, signIn, signOut } from '../store/session';
import { api, ok, parseBody, route, user } from './http';

export const authHandlers = [
  http.post(
    api('/auth/login'),
    route(async ({ request }) => {
      const body = await parseBody(request, LoginBody);
      const signedIn = readDb((db) => login(db, body));
      signIn(signedIn.id);
      return ok({ user: signedIn });
    }),
  ),

  http.post(
    api('/auth/register'),
    route(async ({ request }) => {
      const body = await parseBody(request, RegisterBody);
      const created = await transaction((db) => register(db, body, mockDomain.newId('u')));
      signIn(created.id);
      return ok({ user: created }, 201);
    }),
  ),

  http.get(
    api('/auth/session'),
    route(() => ok({ user: currentUser() })),
  ),

  http.get(
    api('/auth/me'),
    route(() => ok({ user: user() })),
  ),

  http.post(
    api('/auth/logout'),
    route(() => {
      const me = user();
      signOut();
      return ok({ user: me });
    }),
  ),
];
