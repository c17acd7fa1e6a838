// A CLI command on a database another process holds: it waits (SQLite's busy timeout), then says so in a
// sentence and exits 1, with nothing changed — not a raw SqliteError stack and exit 2.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { DATABASE_BUSY_TEXT } from '../../src/cli/db.js';
import { runCliIn } from '../support/cli.js';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'cli-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) =>
  runCliIn(dir, { DATABASE_PATH: join(dir, 'data.db'), CONTENT_DIR: join(REPO, 'content') }, args);

it('exits 1 with a sentence when the database stays locked, and imports once it is free', async () => {
  cpSync(join(REPO, 'examples'), join(dir, 'examples'), { recursive: true });
  expect((await cli(['roster', 'import', 'examples/roster.csv'])).code).toBe(0);
  // Another process's write transaction, held past the CLI's wait.
  const other = new Database(join(dir, 'data.db'));
  other.exec('BEGIN EXCLUSIVE');
  try {
    const busy = await cli(['completions', 'import', 'examples/completions.csv']);
    expect(busy.code).toBe(1);
    expect(busy.err).toBe(DATABASE_BUSY_TEXT);
    expect(busy.err).not.toMatch(/SqliteError|at .*\.js:\d+/);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  const done = await cli(['completions', 'import', 'examples/completions.csv']);
  expect(done.code).toBe(0);
}, 30_000);
