// Opening the database: a SQLite file (the default, and the way to try the bot) or a PostgreSQL server when the
// location is a postgres:// URL. Only src/store sees an engine: what the repositories return are plain values.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { messageOf } from '../errors.js';
import { connectPostgres, connectSqlite, type PoolOptions, type StoreConnection } from './connection.js';
import { MigrationError, StoreError } from './errors.js';
import { applyMigrations } from './migrations.js';
import { redactUrl } from './postgres.js';

export { StoreError };

/**
 * A database as openStore holds it: the async connection (kysely) every repository uses, plus SQLite's own
 * handle for what only it has (its online backup, the write-lock probe, the checkpoint after a purge).
 */
export type StoreDb = (
  | { engine: 'sqlite'; sqlite: Database.Database; memory: boolean; canWrite(): Promise<boolean> }
  | { engine: 'postgres' }
) & {
  connection: StoreConnection;
  /** Whether close() has been called. */
  readonly open: boolean;
  close(): Promise<void>;
};

export interface OpenOptions extends PoolOptions {
  /** Overwrite deleted rows with zeros, so purged text does not linger in free pages of the file. */
  secureDelete?: boolean;
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
 * location; a MigrationError naming it too.
 */
export async function openDatabase(location: string, options: OpenOptions = {}): Promise<StoreDb> {
  const db = connect(location, options);
  try {
    await applyMigrations(db);
    return db;
  } catch (error) {
    await db.close();
    if (error instanceof MigrationError)
      throw new MigrationError(
        `The database ${JSON.stringify(describeLocation(location))}: ${error.message}`,
        {
          cause: error,
        },
      );
    throw new StoreError(
      `Cannot open the database ${JSON.stringify(describeLocation(location))}: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

/** The connection alone, schema as it is (openDatabase migrates it; the migration tests start from here). */
export function connect(location: string, options: OpenOptions = {}): StoreDb {
  if (isPostgresUrl(location)) {
    const pool = connectPostgres(location, options);
    let open = true;
    return {
      engine: 'postgres',
      connection: pool,
      get open() {
        return open;
      },
      async close() {
        if (!open) return;
        open = false;
        await pool.close().catch(() => {});
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
    // From here on (the migrations too) statements wait for another process's write lock on a timer
    // (store/sqlite-driver.ts), never in SQLite's own busy wait, which holds the event loop: another connection
    // in this process could never finish the transaction it waits for.
    sqlite.pragma('busy_timeout = 0');
  } catch (error) {
    sqlite?.close();
    throw new StoreError(`Cannot open the database "${path}": ${messageOf(error)}`, { cause: error });
  }
  const handle = sqlite;
  const connection = connectSqlite(handle);
  return {
    engine: 'sqlite',
    sqlite: handle,
    memory,
    connection,
    canWrite: connection.canWrite,
    get open() {
      return handle.open;
    },
    // Once no statement or transaction holds the connection, so none is cut off halfway.
    close: connection.close,
  };
}
