import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { newRequestId } from '../ids';

// One log line per request, written when the response is finished: errors (5xx) at `error`,
// refusals (4xx) at `info`, the rest at `debug`. Every request gets an id (a sane incoming
// `X-Request-Id` is kept), echoed in the response; lines about a request carry `reqId`.
// Nothing is built for a line the level will drop, so a quiet log costs next to nothing.

declare global {
  namespace Express {
    interface Request {
      id: string;
      log: Logger;
    }
  }
}

const INCOMING_ID = /^[\w.-]{1,64}$/;

/** What the line needs, kept on the response: one shared listener, no closure per request. */
interface LoggedResponse extends Response {
  logStartedAt?: number;
}

export function requestLog(logger: Logger) {
  function logFinished(this: LoggedResponse) {
    const status = this.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
    if (!logger.isLevelEnabled(level)) return;
    const req = this.req;
    logger[level](
      {
        reqId: req.id,
        method: req.method,
        url: req.originalUrl,
        status,
        ms: Math.round((performance.now() - (this.logStartedAt ?? 0)) * 10) / 10,
      },
      'request',
    );
  }
  return (req: Request, res: LoggedResponse, next: NextFunction) => {
    if (req.id !== undefined) return next(); // already logged (the token route's own chain)
    const incoming = req.headers['x-request-id'];
    const id =
      typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : newRequestId();
    res.logStartedAt = performance.now();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    req.log = logger;
    // 'finish' fires once per response.
    res.on('finish', logFinished);
    next();
  };
}
