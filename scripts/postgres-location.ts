// A PostgreSQL database for a benchmark: a schema of its own on DATABASE_URL's server, else on a throwaway
// local server (test/support/postgres-server.ts), dropped (and the server stopped) by done().
import { createSchema, dropSchemas, startPostgres } from '../test/support/postgres-server.js';

/** A schema of its own on DATABASE_URL's server, or a throwaway local server. */
export async function postgresLocation(name: string): Promise<{ url: string; done: () => Promise<void> }> {
  const given = process.env['DATABASE_URL'];
  const server = given ? null : await startPostgres();
  const base = given ?? (server as { url: string }).url;
  const schema = `${name}_${process.pid}_${Date.now()}`;
  const url = await createSchema(base, schema);
  return {
    url,
    async done() {
      await dropSchemas(base, [schema]);
      await server?.stop();
    },
  };
}
