// Vitest's global setup: the PostgreSQL server the store suite and the replica tests run on. TEST_DATABASE_URL
// names one already running (.ci/run starts it); otherwise one is started here and stopped after the run.
// When none can be had, the reason is handed to the tests, which fail saying it (they are never skipped).
import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresError: string | null;
  }
}

let server: PostgresServer | null = null;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env['TEST_DATABASE_URL'];
  if (given) {
    project.provide('postgresUrl', given);
    project.provide('postgresError', null);
    return;
  }
  try {
    server = await startPostgres();
    project.provide('postgresUrl', server.url);
    project.provide('postgresError', null);
  } catch (error) {
    project.provide('postgresUrl', null);
    project.provide('postgresError', error instanceof Error ? error.message : String(error));
  }
}

export async function teardown(): Promise<void> {
  await server?.stop();
  server = null;
}
