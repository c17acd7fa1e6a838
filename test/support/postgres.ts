// A fresh PostgreSQL schema per store under test: each gets its own tables on the one test server, so test
// files running at once never see each other's rows. The URL carries the schema as its search_path.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

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
  const server = postgresServerUrl();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  created.push(schema);
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

afterAll(async () => {
  if (created.length === 0) return;
  const client = new pg.Client({ connectionString: postgresServerUrl() });
  await client.connect();
  try {
    for (const schema of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
});
