import type { Request } from 'express';
import type { z } from 'zod';
import { validationError } from '../../../contract';

/** Parses with a contract schema; a failure is the 400 `validationError`. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

export const body = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req.body ?? {});
export const query = <S extends z.ZodType>(schema: S, req: Request) =>
  parse(schema, { ...(req.query as object) });
export const params = <S extends z.ZodType>(schema: S, req: Request) =>
  parse(schema, { ...req.params });
