import { HttpResponse } from 'msw';
import type { z } from 'zod';
import { ApiError, IdParams, type Role, type User, validationError } from '../../../../contract';
import { currentUser } from '../store/session';

// The little HTTP layer every mock handler shares: paths, parsing with the contract's zod
// schemas, the API's error body and statuses, and "publish after commit".

/** Matches on any origin, so relative fetches in the browser and absolute ones in tests both hit. */
export const api = (path: string): string => `*/api${path}`;

type Params = Record<string, string | readonly string[] | undefined>;
export interface RouteContext {
  request: Request;
  params: Params;
  url: URL;
}

/** Wraps a resolver: any ApiError (or bug) becomes `{error:{code,message,details?}}`. */
export function route(resolver: (ctx: RouteContext) => Promise<Response> | Response) {
  return async ({ request, params }: { request: Request; params: Params }) => {
    try {
      return await resolver({ request, params, url: new URL(request.url) });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError('INTERNAL', error instanceof Error ? error.message : 'Unexpected error');
  if (!(error instanceof ApiError)) console.error('[glowdesk mock] handler failed', error);
  return HttpResponse.json(apiError.toBody(), { status: apiError.status });
}

export const ok = (body: unknown, status = 200): Response =>
  HttpResponse.json(body as never, { status });

/** The API's JSON body limit (express.json in api/src/app.ts). */
const BODY_LIMIT_BYTES = 100 * 1024;

export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  const text = await request.text();
  if (new TextEncoder().encode(text).length > BODY_LIMIT_BYTES) {
    throw new ApiError('PAYLOAD_TOO_LARGE', 'Request body is too large');
  }
  let raw: unknown;
  try {
    raw = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('BAD_REQUEST', 'Request body is not valid JSON');
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.infer<S> {
  const result = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!result.success) throw validationError(result.error);
  return result.data;
}

export function idParam(params: Params): string {
  const result = IdParams.safeParse({ id: params.id });
  if (!result.success) throw validationError(result.error);
  return result.data.id;
}

/** The signed-in user of this tab; 401 without one. */
export function user(): User {
  const me = currentUser();
  if (!me) throw new ApiError('UNAUTHENTICATED', 'Sign in first');
  return me;
}

/** Like the API's `requireRole` middleware: checked before the body or query is read. */
export function userWithRole(...roles: readonly Role[]): User {
  const me = user();
  if (!roles.includes(me.role)) {
    throw new ApiError('FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`);
  }
  return me;
}
