import type { ApiError, ApiErrorCode } from '../../../contract/errors';

// The transport of the tiny API client: JSON, the session cookie (`credentials: 'include'`),
// and error bodies turned into the contract's ApiError. contract/errors is imported lazily,
// on the first error, because its zod schemas would otherwise load with the sign-in page.

type Query = Record<string, string | number | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'REALTIME_UNAVAILABLE',
};

const FALLBACK: Partial<Record<ApiErrorCode, string>> = {
  UNAUTHENTICATED: 'Please sign in again.',
  FORBIDDEN: 'You do not have access to that.',
  NOT_FOUND: 'We could not find that.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  PAYLOAD_TOO_LARGE: 'That is too long to send.',
};
const GENERIC = 'Something went wrong on our side. Please try again.';
export const OFFLINE = 'We could not reach Glowdesk. Check your connection and try again.';

/** The contract's ApiError for an answer's status and (possibly missing or odd) error body. */
export async function makeApiError(status: number, body: unknown): Promise<ApiError> {
  const [{ ApiError, ApiErrorCode }] = await Promise.all([
    import('../../../contract/errors'),
    import('./strictZod'),
  ]);
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
    ?.error;
  const known = ApiErrorCode.safeParse(err?.code);
  const code: ApiErrorCode = known.success ? known.data : (CODE_BY_STATUS[status] ?? 'INTERNAL');
  const message =
    typeof err?.message === 'string' && err.message ? err.message : (FALLBACK[code] ?? GENERIC);
  return new ApiError(code, message, err?.details, status);
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'include',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw await makeApiError(0, { error: { code: 'INTERNAL', message: OFFLINE } });
  }
  if (!res.ok) {
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      // not JSON: the status decides
    }
    throw await makeApiError(res.status, parsed);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Whether `error` is the contract's ApiError (optionally with one of `codes`). */
export function isApiError(error: unknown, ...codes: ApiErrorCode[]): error is ApiError {
  if (!(error instanceof Error) || error.name !== 'ApiError') return false;
  const code = (error as ApiError).code;
  return codes.length === 0 || codes.includes(code);
}

/** The words to show a person for any error thrown by a request or a mutation. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message || GENERIC;
  return 'Something went wrong. Please try again.';
}
