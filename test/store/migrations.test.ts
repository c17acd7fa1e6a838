// The one migration list on both engines: each migration applied once, a failed one rolled back and named, a
// database newer or older than the code refused with the reason, the same tables on SQLite and PostgreSQL, and
// processes opening one empty database at once applying each migration once between them.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type StoreDb } from '../../src/store/db.js';
import { MigrationError, openStore, type Store } from '../../src/store/index.js';
import { OLD_APP_FENCE } from '../../src/store/legacy-schema.js';
import { applyMigrations, MIGRATIONS, type Migration, schemaVersion } from '../../src/store/migrations.js';
import { ENGINES, type EngineName, freshLocation, outsideQuery } from '../support/engines.js';
import { describeTables } from '../support/schema.js';

const NAMES = MIGRATIONS.map((m) => m.name);
const handles: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close();
});

function opened(db: StoreDb): StoreDb {
  handles.push(db);
  return db;
}

const createTable =
  (table: string): Migration['up'] =>
  async (db) => {
    await db.schema
      .createTable(table)
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .execute();
  };

/** Whether the table exists, asked from outside the store. */
async function hasTable(location: string, table: string): Promise<boolean> {
  const query = location.startsWith('postgres')
    ? `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '${table}'`
    : `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '${table}'`;
  const [row] = await outsideQuery<{ n: number | string }>(location, query);
  return Number(row?.n) > 0;
}

/** A database made by the per-engine lists at `version`, as far as the marker goes (its tables left out). */
async function legacyMarker(engine: EngineName, location: string, version: number): Promise<void> {
  if (engine === 'sqlite') {
    mkdirSync(dirname(location), { recursive: true });
    await outsideQuery(location, `PRAGMA user_version = ${version}`);
    return;
  }
  await outsideQuery(
    location,
    'CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)',
  );
  await outsideQuery(location, `INSERT INTO schema_version (id, version) VALUES (1, ${version})`);
}

describe.each(ENGINES)('the migrations on %s', (engine) => {
  it('applies each migration once, and only a new one when it is appended', async () => {
    const location = await freshLocation(engine);
    const db = opened(connect(location));
    expect(await applyMigrations(db)).toEqual(NAMES);
    expect(await applyMigrations(db)).toEqual([]);
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    const appended = [...MIGRATIONS, { name: '0900_extra', up: createTable('extra') }];
    expect(await applyMigrations(db, appended)).toEqual(['0900_extra']);
    expect(await applyMigrations(db, appended)).toEqual([]);
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length + 1);
    expect(await hasTable(location, 'extra')).toBe(true);
    await expect(
      applyMigrations(db, [...appended, { name: '0800_misplaced', up: createTable('misplaced') }]),
    ).rejects.toThrow('Migration "0800_misplaced" is listed after "0900_extra"');
  });

  it('rolls back the migrations of a failed open together, naming the one that failed', async () => {
    const location = await freshLocation(engine);
    const db = opened(connect(location));
    await applyMigrations(db);
    const broken = [
      ...MIGRATIONS,
      { name: '0900_fine', up: createTable('fine') },
      {
        name: '0901_typo',
        up: async (trx) => {
          await sql`CREATE TABLEX oops (id integer)`.execute(trx);
        },
      } satisfies Migration,
    ];
    const failure = applyMigrations(db, broken);
    await expect(failure).rejects.toThrow(MigrationError);
    await expect(failure).rejects.toThrow(
      /^Migration "0901_typo" failed: .*TABLEX.*\(not applied either: "0900_fine"\)$/,
    );
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(await hasTable(location, 'fine')).toBe(false);
  });

  it('refuses a database a newer version of the app migrated, naming the migration it does not know', async () => {
    const location = await freshLocation(engine);
    const db = opened(connect(location));
    await applyMigrations(db);
    const last = NAMES.at(-1);
    await expect(applyMigrations(db, MIGRATIONS.slice(0, -1))).rejects.toThrow(
      `The database has migration "${last}" applied, which this code does not know`,
    );
    await expect(openStore({ path: location })).resolves.toMatchObject({ engine });
  });

  it('marks the database so that an app from before the one list refuses it', async () => {
    const location = await freshLocation(engine);
    handles.push(await openStore({ path: location }));
    const [row] = await outsideQuery<{ version: number | string }>(
      location,
      engine === 'sqlite'
        ? 'SELECT user_version AS version FROM pragma_user_version'
        : 'SELECT version FROM schema_version',
    );
    // The old code refused any version above its last (9 on SQLite, 3 on PostgreSQL).
    expect(Number(row?.version)).toBe(OLD_APP_FENCE);
  });

  const [tooOld, newest] = engine === 'sqlite' ? [6, 9] : [0, 3];
  const refused: [string, number, string][] = [
    [
      'newer',
      newest + 1,
      `schema version ${newest + 1}, newer than this code knows (${newest}): upgrade the app`,
    ],
  ];
  if (tooOld > 0)
    refused.push(['older', tooOld, `schema version ${tooOld}, older than this code can upgrade`]);
  it.each(refused)(
    'refuses an old-list database %s than it knows (version %i), saying where',
    async (_, version, message) => {
      const location = await freshLocation(engine);
      await legacyMarker(engine, location, version);
      const failure = openStore({ path: location });
      await expect(failure).rejects.toThrow(MigrationError);
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toThrow(/^The database "(\/|postgres:\/\/)/);
      expect(await hasTable(location, 'people')).toBe(false);
    },
  );

  it('lets two stores open one empty database at once, applying each migration once between them', async () => {
    const location = await freshLocation(engine);
    if (engine === 'sqlite') mkdirSync(dirname(location), { recursive: true });
    const [a, b] = [opened(connect(location)), opened(connect(location))];
    // The last one takes a while, as a real one on a big table does: without the lock, both would run it.
    const slow: Migration = {
      name: '0900_slow',
      up: async (trx, dialect) => {
        await new Promise((r) => setTimeout(r, 200));
        await createTable('slow')(trx, dialect);
      },
    };
    const list = [...MIGRATIONS, slow];
    const [byA, byB] = await Promise.all([applyMigrations(a, list), applyMigrations(b, list)]);
    expect([...byA, ...byB].sort()).toEqual([...NAMES, slow.name]);
    const rows = await outsideQuery<{ name: string }>(
      location,
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(rows.map((r) => r.name)).toEqual([...NAMES, slow.name]);
    // And openStore, the way the app and the CLI start at once.
    const location2 = await freshLocation(engine);
    const stores: Store[] = await Promise.all([
      openStore({ path: location2 }),
      openStore({ path: location2 }),
    ]);
    handles.push(...stores);
    for (const store of stores) expect((await store.stats()).schemaVersion).toBe(MIGRATIONS.length);
  });
});

describe('a new database', () => {
  it('has the same tables and columns on SQLite and PostgreSQL', async () => {
    const [sqlite, postgres] = await Promise.all(ENGINES.map((engine) => freshLocation(engine)));
    for (const path of [sqlite, postgres]) handles.push(await openStore({ path: path ?? '' }));
    const [onSqlite, onPostgres] = await Promise.all([
      describeTables(sqlite ?? ''),
      describeTables(postgres ?? ''),
    ]);
    expect(Object.keys(onSqlite)).toHaveLength(19);
    expect(onSqlite).toEqual(onPostgres);
    // The column types the store relies on, as both engines declare them.
    expect(onSqlite['slack_event_ids']?.find((c) => c.column === 'seen_at')?.type).toBe('bigint');
    expect(onSqlite['people']?.find((c) => c.column === 'id')).toEqual({
      column: 'id',
      type: 'integer',
      notNull: true,
      primaryKey: true,
      hasDefault: false,
    });
  });
});
