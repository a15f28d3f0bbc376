import type { CommittedMutation } from '../../../contract';
import type { Db } from '../db/database';

/** What domain services need: the database and a clock (tests move time). */
export interface Ctx {
  db: Db;
  now(): Date;
}

/** A service's answer: the value for the HTTP response and what to publish after commit. */
export interface Outcome<T> {
  result: T;
  mutations: CommittedMutation[];
}
