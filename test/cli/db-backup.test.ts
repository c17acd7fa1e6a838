// `cli db backup FILE`: a consistent copy that never replaces an existing file unless told to (--force).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupExists } from '../../src/cli/db.js';
import { openStore } from '../../src/store/index.js';
import { runCliIn } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'db-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCliIn(dir, { DATABASE_PATH: join(dir, 'live.db') }, args);

const grantsIn = async (file: string) => {
  const store = await openStore({ path: join(dir, file) });
  try {
    return (await store.listGrants()).map((g) => g.email);
  } finally {
    await store.close();
  }
};

describe('db backup FILE', () => {
  it('writes a new file, refuses to overwrite it, and overwrites it with --force', async () => {
    expect(await cli('access', 'grant', 'rhea.admin@example.edu', 'admin')).toMatchObject({ code: 0 });
    const first = await cli('db', 'backup', 'copy.db');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain(`to ${join(dir, 'copy.db')}`);
    expect(await grantsIn('copy.db')).toEqual(['rhea.admin@example.edu']);

    // The live database moves on; the earlier copy must survive a second backup to the same name.
    expect(await cli('access', 'grant', 'otto@example.edu', 'admin')).toMatchObject({ code: 0 });
    const again = await cli('db', 'backup', 'copy.db');
    expect(again).toEqual({ code: 1, out: '', err: backupExists('copy.db') });
    expect(await grantsIn('copy.db')).toEqual(['rhea.admin@example.edu']);

    const forced = await cli('db', 'backup', 'copy.db', '--force');
    expect(forced.code).toBe(0);
    expect((await grantsIn('copy.db')).sort()).toEqual(['otto@example.edu', 'rhea.admin@example.edu']);
  });

  it('takes --force only with backup', async () => {
    const wrong = await cli('db', 'status', '--force');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('--force belongs to "db backup FILE --force".');
  });
});
