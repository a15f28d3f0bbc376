import { HttpResponse, http, passthrough } from 'msw';
import { ApiError } from '../../../../contract';
import { errorResponse } from './http';

// Last in the list. Mock mode lets nothing leave the browser: an unknown `/api` route is the
// API's 404, the dev server's own files pass through, and every other request fails here.

/** `/api/…` on any origin, anchored at the path's start (never a dev-server module like `/src/api/x.ts`). */
const API_ROUTE = /^[a-z]+:\/\/[^/]+\/api(\/|\?|$)/;
const ABLY_CONNECTIVITY_CHECK = /^https?:\/\/internet-up\.ably-realtime\.com\//;

export const fallbackHandlers = [
  http.all(API_ROUTE, ({ request }) => {
    const path = new URL(request.url).pathname;
    return errorResponse(new ApiError('NOT_FOUND', `No route ${request.method} ${path}`));
  }),
  http.all('*', ({ request }) => {
    const url = new URL(request.url);
    const page = typeof location === 'undefined' ? null : location.origin;
    if (page !== null && url.origin === page) return passthrough();
    // The ably SDK may ask whether the internet is up; mock mode says yes without asking.
    if (ABLY_CONNECTIVITY_CHECK.test(request.url)) return HttpResponse.text('yes');
    return HttpResponse.error();
  }),
];
