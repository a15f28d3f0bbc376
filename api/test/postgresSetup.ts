import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgresServer';

// Vitest global setup of the `postgres` project: one throwaway server for the whole run.
export default async function setup(project: TestProject) {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
