// The command-line tools against PostgreSQL (DATABASE_URL), as an operator runs them from a scheduled job:
// the same commands and answers as on the SQLite file, and `db backup` pointing at pg_dump.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CONTENT } from '../support/content.js';
import { freshPostgresUrl } from '../support/postgres.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const MAIN = join(ROOT, 'src/cli/main.ts');
const EXAMPLES = join(ROOT, 'examples');

async function cli(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: '', DATABASE_URL: url, CONTENT_DIR: SHIPPED_CONTENT },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the CLI on PostgreSQL', () => {
  it('imports, grants, reports, previews a reminder and lists misses; backup says to use pg_dump', async () => {
    const url = await freshPostgresUrl();
    const roster = await cli(url, ['roster', 'import', join(EXAMPLES, 'roster.csv')]);
    expect(roster).toMatchObject({ code: 0, stderr: '' });
    expect(roster.stdout).toMatch(/45 people\. 45 added, 0 updated, 0 deactivated, 0 unchanged\./);
    const again = await cli(url, ['roster', 'import', join(EXAMPLES, 'roster.csv')]);
    expect(again.stdout).toMatch(/0 added, 0 updated, 0 deactivated, 45 unchanged\./);

    const done = await cli(url, ['completions', 'import', join(EXAMPLES, 'completions.csv')]);
    expect(done.stdout).toMatch(/18 rows\. 18 recorded, 0 moved earlier, 0 unchanged, 0 not on the roster\./);

    expect((await cli(url, ['access', 'grant', 'rhea.admin@example.edu', 'admin'])).code).toBe(0);
    expect((await cli(url, ['access', 'list'])).stdout).toContain('rhea.admin@example.edu');

    const status = await cli(url, ['db', 'status']);
    expect(status.stdout).toContain('postgres://');
    expect(status.stdout).toMatch(/people: 45 \(45 on the current roster\)/);
    expect(status.stdout).toMatch(/completions: 18/);

    const report = await cli(url, ['report', '--on', '2021-02-20']);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/All Schools \(including Faculty\) +Imaginary Physics +4 +3 +1 +1 75%/);
    const history = await cli(url, ['report', '--history', '--on', '2021-02-20']);
    expect(history.stdout).toMatch(/2021-01-14 +30 +1 +3\.3% +0 +\+3\.3 +reconstructed/);

    const preview = await cli(url, [
      'remind',
      '--template',
      'not-completed',
      '--state',
      'not-completed',
      '--dry-run',
      '--on',
      '2021-02-20',
    ]);
    expect(preview.stderr).toBe('');
    expect(preview.stdout).toContain('Dry run (audit #1): nothing was sent.');
    expect(preview.stdout).toContain('Recipients now: 13');

    expect((await cli(url, ['misses'])).code).toBe(0);

    const backup = await cli(url, ['db', 'backup', '/tmp/never-written.db']);
    expect(backup.code).toBe(1);
    expect(backup.stderr).toContain('pg_dump');
  }, 120_000);
});
