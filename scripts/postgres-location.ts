// A PostgreSQL database for a benchmark: a schema of its own on DATABASE_URL's server, else on a throwaway
// local server (test/support/postgres-server.ts), dropped (and the server stopped) by done().
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-server.js';

/** A schema of its own on DATABASE_URL's server, or a throwaway local server. */
export async function postgresLocation(name: string): Promise<{ url: string; done: () => Promise<void> }> {
  const given = process.env['DATABASE_URL'];
  const server = given ? null : await startPostgres();
  const base = given ?? (server as { url: string }).url;
  const schema = `${name}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async done() {
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
      await server?.stop();
    },
  };
}
