// The two database engines the store runs on, for suites that run once per engine (describe.each(ENGINES)).
// A location is what openStore takes: a new SQLite file, or a new schema on the PostgreSQL test server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freshPostgresUrl } from './postgres.js';

export const ENGINES = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

/** An empty database of that engine: a file path (in a folder not yet created) or a postgres:// URL. */
export async function freshLocation(engine: EngineName): Promise<string> {
  return engine === 'sqlite'
    ? join(mkdtempSync(join(tmpdir(), 'store-')), 'nested', 'test.db')
    : freshPostgresUrl();
}

/** Runs SQL on a second connection, from outside the store (to break or inspect what it wrote). */
export async function outsideQuery<R = Record<string, unknown>>(location: string, sql: string): Promise<R[]> {
  if (!location.startsWith('postgres')) {
    const db = new Database(location);
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all() as R[];
      statement.run();
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    return (await client.query(sql)).rows as R[];
  } finally {
    await client.end();
  }
}
