// Opening the database: a SQLite file (the default, and the way to try the bot) or a PostgreSQL server when the
// location is a postgres:// URL. Only src/store sees an engine: what the repositories return are plain values.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Connection, connectPostgres, connectSqlite } from './connection.js';
import { StoreError } from './errors.js';
import { applyMigrations, MigrationError } from './migrations.js';
import { openPostgres, redactUrl } from './postgres.js';
import type { Db } from './sql.js';

export type { Db };
export { StoreError };

/**
 * A database as openStore holds it: the engine-neutral handle, the async connection (kysely) the repositories
 * move to, plus SQLite's own handle for what only it has.
 */
export type StoreDb =
  | (Db & { engine: 'sqlite'; sqlite: Database.Database; connection: Connection })
  | (Db & { engine: 'postgres'; connection: Connection });

export interface OpenOptions {
  /** Overwrite deleted rows with zeros, so purged text does not linger in free pages of the file. */
  secureDelete?: boolean;
  /** PostgreSQL: connections in the pool at most (DATABASE_POOL_SIZE). */
  poolSize?: number;
}

/** Whether a database location names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The location as it may be shown: a file resolved, a URL without its password. */
export function describeLocation(location: string): string {
  if (isPostgresUrl(location)) return redactUrl(location);
  return location === ':memory:' ? location : resolve(location);
}

/**
 * Opens (creating the folder and file if needed) and brings the schema up to date. `:memory:` gives a private
 * in-memory SQLite database; a postgres:// URL, the server's database. Throws a StoreError naming the
 * location, or the MigrationError as it is.
 */
export function openDatabase(location: string, options: OpenOptions = {}): StoreDb {
  const db = connect(location, options);
  try {
    applyMigrations(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof MigrationError) throw error;
    throw new StoreError(
      `Cannot open the database ${JSON.stringify(describeLocation(location))}: ${messageOf(error)}`,
    );
  }
}

/** The connection alone, schema as it is (openDatabase migrates it; the migration tests start from here). */
export function connect(location: string, options: OpenOptions = {}): StoreDb {
  if (isPostgresUrl(location)) {
    const db = openPostgres({ url: location });
    const pool = connectPostgres(
      location,
      options.poolSize === undefined ? {} : { poolSize: options.poolSize },
    );
    return {
      ...db,
      engine: 'postgres',
      connection: pool.connection,
      get open() {
        return db.open;
      },
      close() {
        db.close();
        void pool.close().catch(() => {});
      },
    };
  }
  const memory = location === ':memory:';
  const path = memory ? location : resolve(location);
  let sqlite: Database.Database | undefined;
  try {
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    sqlite = new Database(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // Nightly imports and the running app share the file: wait for a writer instead of failing at once.
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    if (options.secureDelete) sqlite.pragma('secure_delete = ON');
    return wrapSqlite(sqlite);
  } catch (error) {
    sqlite?.close();
    throw new StoreError(`Cannot open the database "${path}": ${messageOf(error)}`);
  }
}

function wrapSqlite(sqlite: Database.Database): StoreDb {
  return {
    engine: 'sqlite',
    sqlite,
    connection: connectSqlite(sqlite),
    get open() {
      return sqlite.open;
    },
    prepare: (source) => sqlite.prepare(source) as never,
    transaction: (work) => sqlite.transaction(work) as never,
    exec(source) {
      sqlite.exec(source);
    },
    close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
