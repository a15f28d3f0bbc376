import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { chain } from '../src/http/chain';

// chain() behaves like an Express route with the same handlers.

function app(...handlers: Parameters<typeof chain>) {
  const a = express();
  a.get('/x', chain(...handlers));
  a.get('/x', (_req, res) => {
    res.send('fell through');
  });
  a.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).send(`error: ${err.message}`);
  });
  return a;
}

const mark =
  (name: string) =>
  (req: Request, _res: Response, next: NextFunction): void => {
    (req as unknown as { marks: string[] }).marks ??= [];
    (req as unknown as { marks: string[] }).marks.push(name);
    next();
  };
const answer = (req: Request, res: Response) => {
  res.send((req as unknown as { marks: string[] }).marks.join(','));
};

describe('chain', () => {
  it('runs the handlers in order', async () => {
    expect((await request(app(mark('a'), mark('b'), answer)).get('/x')).text).toBe('a,b');
  });

  it('a throw, a rejected promise or next(err) reaches the error handler; later steps never run', async () => {
    const never = () => {
      throw new Error('ran after an error');
    };
    const thrown = () => {
      throw new Error('thrown');
    };
    const rejected = async () => {
      throw new Error('rejected');
    };
    const passed = (_q: Request, _s: Response, next: NextFunction) => next(new Error('passed'));
    for (const [step, message] of [
      [thrown, 'thrown'],
      [rejected, 'rejected'],
      [passed, 'passed'],
    ] as const) {
      const res = await request(app(mark('a'), step, never)).get('/x');
      expect([res.status, res.text]).toEqual([500, `error: ${message}`]);
    }
  });

  it("the last step's next() and next('route') leave the chain for the next route", async () => {
    expect((await request(app(mark('a'), mark('b'))).get('/x')).text).toBe('fell through');
    const skip = (_q: Request, _s: Response, next: NextFunction) => next('route');
    expect((await request(app(skip, answer)).get('/x')).text).toBe('fell through');
  });
});
