// Opening the SQLite file: the one connection openStore shares between its repositories. Only src/store sees
// better-sqlite3: what the repositories return are plain values, so another engine can sit behind them.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations, MigrationError } from './migrations.js';

/** The engine's handle, for the repositories' factories inside src/store only. */
export type Db = Database.Database;

export class StoreError extends Error {
  override name = 'StoreError';
}

export interface OpenOptions {
  /** Overwrite deleted rows with zeros, so purged text does not linger in free pages of the file. */
  secureDelete?: boolean;
}

/**
 * Opens (creating the folder and file if needed) and brings the schema up to date. `:memory:` gives a private
 * in-memory database. Throws a StoreError naming the file, or the MigrationError as it is.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const memory = file === ':memory:';
  const path = memory ? file : resolve(file);
  let db: Db | undefined;
  try {
    if (!memory) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Nightly imports and the running app share the file: wait for a writer instead of failing at once.
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    if (options.secureDelete) db.pragma('secure_delete = ON');
    applyMigrations(db);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof MigrationError) throw error;
    throw new StoreError(
      `Cannot open the database "${path}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
