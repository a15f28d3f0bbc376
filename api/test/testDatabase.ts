import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openSqlite } from '../src/db/database';
import { openPostgres } from '../src/db/postgres';
import { seedDemo } from '../src/db/seed';

// The database a test runs on. The `node` Vitest project runs every suite on SQLite; the
// `postgres` project runs the API and domain suites again on a throwaway PostgreSQL server
// (started once by postgresSetup.ts), each test on its own copy of a seeded template database.

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's admin URL; empty in the SQLite project. */
    postgresUrl: string;
  }
}

export type TestDatabaseKind = 'sqlite' | 'postgres';

export const testDatabaseKind = (): TestDatabaseKind =>
  inject('postgresUrl') ? 'postgres' : 'sqlite';

export interface FreshOptions {
  /** Demo salon (default) or an empty database with one branch. */
  seed?: boolean;
  now?: Date;
  timeZone?: string;
}

const sqliteImages = new Map<string, Buffer>();

/** A database of its own for one test: a copy of a template seeded once per options. */
export async function freshDatabase(options: FreshOptions = {}): Promise<Database> {
  const key = templateKey(options);
  if (testDatabaseKind() === 'sqlite') {
    let image = sqliteImages.get(key);
    if (!image) {
      const template = openSqlite(':memory:');
      await fill(template, options);
      image = template.handle.serialize();
      sqliteImages.set(key, image);
      await template.close();
    }
    return openSqlite(image);
  }
  return freshPostgres(key, options);
}

const templateKey = (o: FreshOptions) =>
  o.seed === false ? 'empty' : `demo ${o.now?.getTime() ?? 'now'} ${o.timeZone ?? ''}`;

async function fill(database: Database, options: FreshOptions): Promise<void> {
  if (options.seed === false) {
    await database.sql.run(
      `INSERT INTO branches (id, name, opens_at, closes_at) VALUES ('br_main', 'Glowdesk Salon', '09:00', '18:00')`,
    );
  } else {
    await seedDemo(database, options.now, options.timeZone);
  }
}

const templates = new Map<string, Promise<string>>();

async function freshPostgres(key: string, options: FreshOptions): Promise<Database> {
  const server = inject('postgresUrl');
  const urlOf = (name: string) => server.replace(/\/[^/]*$/, `/${name}`);
  let template = templates.get(key);
  if (!template) {
    template = makeTemplate(server, urlOf, options);
    templates.set(key, template);
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const from = await template;
  await admin(server, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${from}`));
  const database = await openPostgres(urlOf(name), { poolSize: 4 });
  return {
    ...database,
    async close() {
      await database.close();
      await admin(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** One template per worker and options (workers are separate processes). */
async function makeTemplate(
  server: string,
  urlOf: (name: string) => string,
  options: FreshOptions,
): Promise<string> {
  const name = `tpl_${randomBytes(6).toString('hex')}`;
  await admin(server, (c) => c.query(`CREATE DATABASE ${name}`));
  const database = await openPostgres(urlOf(name), { poolSize: 1 });
  try {
    await fill(database, options);
  } finally {
    await database.close();
  }
  return name;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
