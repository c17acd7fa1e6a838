// `cli db backup FILE` and `cli db status`, plus how every store command opens the database and reads its input.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config.js';
import type { ScheduleFile } from '../content/schemas.js';
import { openCoreStore } from '../core.js';
import { isPostgresUrl, type Store, StoreError } from '../store/index.js';
import { type CliIo, CliUsageError, cliConfig, parseCliArgs } from './io.js';

/** The option every store command takes. */
export const DB_OPTION = { db: { type: 'string' } } as const;

/** The store as the core opens it, at `--db FILE|URL`, else DATABASE_URL or DATABASE_PATH, else ./data/harassment-training.db. */
export async function openCliStore(
  dbFlag: string | undefined,
  io: CliIo,
  schedule?: Pick<ScheduleFile, 'cycle' | 'groups'>,
): Promise<Store> {
  return openCoreStore({ databasePath: databasePath(dbFlag, io), ...(schedule ? { schedule } : {}) });
}

// An empty flag means unset, as an empty DATABASE_PATH does, not the working directory.
function databasePath(flag: string | undefined, io: CliIo): string {
  const location = flag || cliConfig(io).databasePath;
  return isPostgresUrl(location) ? location : resolve(io.cwd, location);
}

/** An export file as bytes: the CSV reader decides whether it is text. */
export function readInputFile(file: string, io: CliIo): Buffer {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(
      code === 'ENOENT' ? `No such file "${file}".` : `Cannot read "${file}": ${(error as Error).message}`,
    );
  }
}

/** A store that cannot open or refuses an operation, or a bad setting: its message, exit 1, no stack trace. */
export async function reportingStoreErrors(io: CliIo, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreError || error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    if (isBusy(error)) {
      io.err(DATABASE_BUSY_TEXT);
      return 1;
    }
    throw error;
  }
}

/**
 * Said when the database stayed locked past the wait (SQLite's busy timeout, PostgreSQL's lock timeout):
 * nothing was changed, since every write is one transaction.
 */
export const DATABASE_BUSY_TEXT =
  'The database is busy: another process (the app, or another cli command such as an import) held it for ' +
  'longer than this command waits (5 s on SQLite, 15 s on PostgreSQL). Nothing was changed. Try again in a ' +
  'minute; if it stays busy, look for a stuck import.';

/** SQLite's "database is locked" (SQLITE_BUSY, SQLITE_LOCKED and their extended codes), PostgreSQL's 55P03. */
function isBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (/^SQLITE_(BUSY|LOCKED)/.test(code) || code === '55P03');
}

/** Said when `db backup FILE` would replace an existing file. */
export const backupExists = (file: string) =>
  `"${file}" already exists: nothing was written. Choose another file name, or add --force to overwrite it.`;

export function run(args: string[], io: CliIo): Promise<number> {
  return reportingStoreErrors(io, () => runDb(args, io));
}

async function runDb(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { ...DB_OPTION, force: { type: 'boolean' } });
  const [sub, ...rest] = positionals;
  if (values.force && sub !== 'backup')
    throw new CliUsageError('--force belongs to "db backup FILE --force".');
  switch (sub) {
    case 'backup': {
      const [file] = rest;
      if (!file || rest.length > 1) throw new CliUsageError('Expected "db backup FILE [--force]".');
      const target = resolve(io.cwd, file);
      // An earlier backup is often the only copy of a day: replacing it has to be asked for.
      if (existsSync(target) && !values.force) {
        io.err(backupExists(file));
        return 1;
      }
      const store = await openCliStore(values.db, io);
      try {
        await store.backup(target);
        io.out(`Backed up ${store.path} to ${target}.`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'status': {
      if (rest.length > 0) throw new CliUsageError('Expected "db status".');
      const store = await openCliStore(values.db, io);
      try {
        const stats = await store.stats();
        io.out(`Database ${store.path} (schema version ${stats.schemaVersion})`);
        io.out(`  people: ${stats.people} (${stats.active} on the current roster)`);
        io.out(`  completions: ${stats.completions}`);
        io.out(`  access grants: ${(await store.listGrants()).length}`);
        io.out(
          `  last roster import: ${stats.lastRosterImport ? `${stats.lastRosterImport.file} at ${stats.lastRosterImport.importedAt}` : 'none'}`,
        );
      } finally {
        await store.close();
      }
      return 0;
    }
    default:
      throw new CliUsageError(
        sub ? `Unknown subcommand "db ${sub}".` : 'Expected "db backup FILE" or "db status".',
      );
  }
}
