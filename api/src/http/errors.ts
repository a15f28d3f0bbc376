import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../../../contract';

/** Unknown `/api/*` routes: JSON 404, never the SPA's index.html. */
export function apiNotFound(req: Request, _res: Response, next: NextFunction) {
  next(new ApiError('NOT_FOUND', `No route ${req.method} ${req.originalUrl.split('?')[0]}`));
}

interface HttpishError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Every error becomes `{ error: { code, message, details? } }` (docs/architecture.md §6). */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
  let apiError: ApiError;
  if (err instanceof ApiError) {
    apiError = err;
  } else {
    const e = (err ?? {}) as HttpishError;
    if (e.type === 'entity.too.large') {
      apiError = new ApiError('PAYLOAD_TOO_LARGE', 'Request body is too large');
    } else if (e.type === 'entity.parse.failed') {
      apiError = new ApiError('BAD_REQUEST', 'Request body is not valid JSON');
    } else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      apiError = new ApiError('BAD_REQUEST', 'Unsupported request encoding');
    } else if ((e.status ?? e.statusCode) === 400) {
      apiError = new ApiError('BAD_REQUEST', 'Bad request');
    } else {
      req.log.error({ err, reqId: req.id }, 'unhandled error');
      apiError = new ApiError('INTERNAL', 'Something went wrong');
    }
  }
  if (res.headersSent) return;
  const retryAfterS = (apiError.details as { retryAfterS?: unknown } | undefined)?.retryAfterS;
  if (apiError.status === 429 && typeof retryAfterS === 'number') {
    res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfterS))));
  }
  res.status(apiError.status).json(apiError.toBody());
}
