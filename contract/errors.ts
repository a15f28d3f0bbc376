import { z } from 'zod';

/** Machine-readable error codes shared by the API, its mocks and the SPA. */
export const ApiErrorCode = z.enum([
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ILLEGAL_TRANSITION',
  'SLOT_TAKEN',
  'ALREADY_CLAIMED',
  'EMAIL_TAKEN',
  'OVERLAPS_OWN_BOOKING',
  'LIMIT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'REALTIME_UNAVAILABLE',
  'INTERNAL',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

/** Every error answer: `{ error: { code, message, details? } }` (docs/architecture.md §6). */
export const ApiErrorBody = z.object({
  error: z.object({
    code: ApiErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const HTTP_STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  SLOT_TAKEN: 409,
  ALREADY_CLAIMED: 409,
  EMAIL_TAKEN: 409,
  OVERLAPS_OWN_BOOKING: 409,
  /** A quota (409: too many held at once) or a rate (429: too many too fast). */
  LIMIT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  REALTIME_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Thrown by domain code on either side; transports turn it into the error body. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status ?? HTTP_STATUS_BY_CODE[code];
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** 400 with zod's issues as details, so a client can point at the field. */
export function validationError(error: z.ZodError): ApiError {
  const details = error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const first = details[0];
  const message = first ? `${first.path || 'body'}: ${first.message}` : 'Invalid request';
  return new ApiError('BAD_REQUEST', message, details);
}

/** A limit reached (docs/architecture.md §6): which one, and when it frees up if it does. */
export function limitReached(
  limit: string,
  message: string,
  options: { status?: 409 | 429; retryAfterS?: number } = {},
): ApiError {
  return new ApiError(
    'LIMIT',
    message,
    { limit, ...(options.retryAfterS === undefined ? {} : { retryAfterS: options.retryAfterS }) },
    options.status ?? 409,
  );
}
