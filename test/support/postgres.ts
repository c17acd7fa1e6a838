// A fresh PostgreSQL schema per store under test: each gets its own tables on the one test server, so test
// files running at once never see each other's rows. The URL carries the schema as its search_path.
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createSchema, dropSchemas } from './postgres-server.js';

/** The test server's URL, or an error saying why there is none (the PostgreSQL tests then fail with it). */
export function postgresServerUrl(): string {
  const url = inject('postgresUrl');
  if (!url)
    throw new Error(`No PostgreSQL server for the tests: ${inject('postgresError') ?? 'unknown reason'}`);
  return url;
}

const created: string[] = [];

/** A new empty schema on the test server; the URL a store opens it with. Dropped after the file's tests. */
export async function freshPostgresUrl(): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = await createSchema(postgresServerUrl(), schema);
  created.push(schema);
  return url;
}

afterAll(async () => {
  if (created.length > 0) await dropSchemas(postgresServerUrl(), created.splice(0));
});
