// Databases made before the one migration list: SQLite counted its own migrations in `user_version` (9 of them),
// PostgreSQL in a `schema_version` row (3). Each of those versions is a point of MIGRATIONS, so such a database
// is adopted in place: the migrations it already has are recorded as applied, and the rest run as on any other.
// Both markers are then set past any version the old code knew, so an app from before refuses the database
// ("newer than this code knows: upgrade the app") instead of writing to a schema it does not know.
import { type Kysely, sql } from 'kysely';
import type { StoreDb } from './db.js';
import { MigrationError } from './errors.js';

/** Where kysely's Migrator records the migrations applied, by name (and its lock table, `…_lock`). */
export const MIGRATION_TABLE = 'schema_migrations';

/** What an app from before the one list reads as the schema version: more than any it knew. */
export const OLD_APP_FENCE = 1000;

/** The versions of the per-engine lists this code adopts, each with how many of MIGRATIONS it equals. */
export const LEGACY_VERSIONS: Readonly<Record<StoreDb['engine'], ReadonlyMap<number, number>>> = {
  // SQLite's 1 to 7 are the first of MIGRATIONS, its 8 the second, its 9 the third.
  sqlite: new Map([
    [7, 1],
    [8, 2],
    [9, 3],
  ]),
  // PostgreSQL's 1 was SQLite's 1 to 7 as they stood, then the same steps.
  postgres: new Map([
    [1, 1],
    [2, 2],
    [3, 3],
  ]),
};

// biome-ignore lint/suspicious/noExplicitAny: the schema as it stands before and during migration
type AnyDb = Kysely<any>;

/**
 * PostgreSQL's schema for the migration tables: the one the store's tables go in (the search_path's first). kysely
 * looks for its tables in every schema unless it is told one, and another schema's would do.
 */
export async function migrationTableSchema(db: StoreDb): Promise<string | undefined> {
  if (db.engine === 'sqlite') return undefined;
  const rows = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(
    db.connection.db,
  );
  const schema = rows.rows[0]?.schema;
  if (!schema)
    throw new MigrationError(
      'PostgreSQL has no schema to create the tables in: the search_path names none that exists (create one, or set search_path in the URL).',
    );
  return schema;
}

/**
 * Under the write lock (another process may be opening the same database): records as applied the migrations an
 * old database already has, and sets the marker old code reads. `names` are MIGRATIONS' names, in order.
 */
export async function adoptLegacySchema(db: StoreDb, names: readonly string[]): Promise<void> {
  const { engine } = db;
  await db.connection.writing(async (typed) => {
    const trx = typed as AnyDb;
    const version = await legacyVersion(trx, engine);
    if (await tableExists(trx, engine, MIGRATION_TABLE)) {
      if (version !== OLD_APP_FENCE) await fence(trx, engine);
      return;
    }
    if (version === OLD_APP_FENCE)
      throw new MigrationError(
        `The database is marked as upgraded (schema version ${OLD_APP_FENCE}) but has no ${MIGRATION_TABLE} table: it was changed by hand or restored in part; restore it from a backup.`,
      );
    // 0: a new database, none of MIGRATIONS in it yet.
    const known = LEGACY_VERSIONS[engine];
    const adopted = version === 0 ? 0 : known.get(version);
    if (adopted === undefined) {
      const versions = [...known.keys()];
      const [oldest, newest] = [Math.min(...versions), Math.max(...versions)];
      throw new MigrationError(
        version > newest
          ? `The database is at ${engine} schema version ${version}, newer than this code knows (${newest}): upgrade the app.`
          : `The database is at ${engine} schema version ${version}, older than this code can upgrade (${oldest} to ${newest}): open it once with the app at commit 6a05475, which brings it to ${newest}, then with this one.`,
      );
    }
    // The table as kysely's Migrator makes it, made here with the marker in one transaction: a process that
    // sees the marker sees the table.
    await trx.schema
      .createTable(MIGRATION_TABLE)
      .addColumn('name', 'varchar(255)', (c) => c.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (c) => c.notNull())
      .execute();
    const timestamp = new Date().toISOString();
    const rows = names.slice(0, adopted).map((name) => ({ name, timestamp }));
    if (rows.length > 0) await trx.insertInto(MIGRATION_TABLE).values(rows).execute();
    await fence(trx, engine);
  });
}

/** SQLite's user_version; PostgreSQL's schema_version row. 0 when there is none. */
async function legacyVersion(trx: AnyDb, engine: StoreDb['engine']): Promise<number> {
  if (engine === 'sqlite') {
    const rows = await sql<{ user_version: number }>`PRAGMA user_version`.execute(trx);
    return Number(rows.rows[0]?.user_version ?? 0);
  }
  if (!(await tableExists(trx, engine, 'schema_version'))) return 0;
  const rows = await sql<{ version: number }>`SELECT version FROM schema_version WHERE id = 1`.execute(trx);
  return Number(rows.rows[0]?.version ?? 0);
}

async function fence(trx: AnyDb, engine: StoreDb['engine']): Promise<void> {
  if (engine === 'sqlite') {
    await sql.raw(`PRAGMA user_version = ${OLD_APP_FENCE}`).execute(trx);
    return;
  }
  // The table as the old code made it, so that it reads the row.
  await sql`CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`.execute(
    trx,
  );
  await sql`INSERT INTO schema_version (id, version) VALUES (1, ${OLD_APP_FENCE})
    ON CONFLICT (id) DO UPDATE SET version = excluded.version`.execute(trx);
}

/** Whether the table exists: SQLite's file, PostgreSQL's current schema. */
export async function tableExists(trx: AnyDb, engine: StoreDb['engine'], table: string): Promise<boolean> {
  const rows =
    engine === 'sqlite'
      ? await sql<{
          n: number;
        }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(trx)
      : await sql<{ n: number }>`SELECT count(*) AS n FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name = ${table}`.execute(trx);
  return Number(rows.rows[0]?.n ?? 0) > 0;
}
