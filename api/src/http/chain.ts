import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs middlewares one after another as one handler, as an Express route with those
 * handlers would (an error or a rejected promise goes to `next(err)`, a handler that calls
 * `next()` hands over to the following one, the last one's `next()` leaves the chain), but
 * without the router's per-handler layer, method and path bookkeeping. For the busiest route.
 */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, done: NextFunction) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null && err !== 'route') {
        done(err);
        return;
      }
      const handler = handlers[i++];
      if (!handler || err === 'route') {
        done();
        return;
      }
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch(done);
      } catch (error) {
        done(error);
      }
    };
    step();
  };
}
