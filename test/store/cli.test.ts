// The store's commands as a person runs them: `npm run --silent cli -- roster|completions|access|db …`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { syntheticRoster } from '../../src/store/synthetic.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const content = loadContent(SHIPPED_CONTENT);
const MAIN = join(ROOT, 'src/cli/main.ts');
const EXAMPLES = join(ROOT, 'examples');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd` (a temp folder unless given), with the shipped content. */
async function cli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Result> {
  try {
    const { stdout, stderr } = await run(TSX, [MAIN, ...args, ...contentFlag(args)], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, DATABASE_PATH: '', ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as Result;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const contentFlag = (args: string[]) =>
  ['roster', 'completions'].includes(args[0] ?? '') ? ['--content', SHIPPED_CONTENT] : [];
const tempDir = () => mkdtempSync(join(tmpdir(), 'store-cli-'));

// Each test runs the CLI several times, a process each: seconds apiece on a loaded machine.
describe('cli roster and completions', { timeout: 120_000 }, () => {
  it('imports the demo files into ./data by default and shows someone with their status', async () => {
    const cwd = tempDir();
    const roster = await cli(['roster', 'import', join(EXAMPLES, 'roster.csv')], {
      cwd,
      env: { DATABASE_PATH: '' },
    });
    expect(roster).toMatchObject({ code: 0, stderr: '' });
    expect(roster.stdout).toMatch(/45 people\. 45 added, 0 updated, 0 deactivated, 0 unchanged\./);
    expect(existsSync(join(cwd, 'data/harassment-training.db'))).toBe(true);

    const done = await cli(['completions', 'import', join(EXAMPLES, 'completions.csv')], { cwd });
    expect(done.stdout).toMatch(/18 rows\. 18 recorded, 0 moved earlier, 0 unchanged, 0 not on the roster\./);

    const shown = await cli(['roster', 'show', 'bram.placeholder@example.edu', '--on', '2021-02-20'], {
      cwd,
    });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Bram Placeholder <bram.placeholder@example.edu>');
    expect(shown.stdout).toMatch(/department\s+Imaginary Physics/);
    expect(shown.stdout).toContain('Do you need to take it? Yes.');
    expect(shown.stdout).toContain('Overdue by 3 days');

    const completed = await cli(['roster', 'show', 'ada.example@example.edu', '--on', '2021-02-20'], { cwd });
    expect(completed.stdout).toMatch(/completed\s+module C on 2021-02-01/);
    expect(completed.stdout).toMatch(/slack user\s+U0DEMO0001/);

    const missing = await cli(['roster', 'show', 'nobody@example.edu'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No one with the email "nobody@example.edu" in the roster');
  });

  it('refuses a file with a bad row at line 9,000 and leaves the database as it was', async () => {
    const dir = tempDir();
    const db = join(dir, 'roster.db');
    const good = join(dir, 'good.csv');
    writeFileSync(good, syntheticRoster(9_500, content));
    expect((await cli(['roster', 'import', good, '--db', db])).code).toBe(0);

    const lines = syntheticRoster(9_500, content, { seed: 3 }).split('\n');
    lines[8_999] = (lines[8_999] ?? '').replace(/,(faculty|staff|graduate_student|other),/, ',wizard,');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const refused = await cli(['roster', 'import', 'bad.csv', '--db', db], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'bad.csv:9000 role: unknown role, expected one of faculty, staff, graduate_student, other (got "wizard")\n' +
        '1 problem in bad.csv: nothing imported.\n',
    );
    const again = await cli(['roster', 'import', good, '--db', db, '--dry-run']);
    expect(again.stdout).toMatch(
      /Dry run, nothing changed: would have 0 added, 0 updated, 0 deactivated, 9500 unchanged\./,
    );
  });

  it('says what is wrong with a file that is not comma-separated', async () => {
    const { code, stderr } = await cli([
      'roster',
      'import',
      'test/fixtures/csv/semicolons.csv',
      '--db',
      join(tempDir(), 'x.db'),
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'test/fixtures/csv/semicolons.csv:1: not comma-separated: the header is one column, and it looks separated by ";"',
    );
  });

  it('reports each completion whose email is not on the roster, with its line, and records the rest', async () => {
    const dir = tempDir();
    const db = join(dir, 'c.db');
    await cli(['roster', 'import', join(EXAMPLES, 'roster.csv'), '--db', db]);
    writeFileSync(
      join(dir, 'lms.csv'),
      'email,module,completed_on\nkira.stub@example.edu,B,2021-02-11\nformer.person@example.edu,C,2021-02-01\n',
    );
    const first = await cli(['completions', 'import', 'lms.csv', '--db', db], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(
      'lms.csv:3 email: not on the roster: completion not recorded (got "former.person@example.edu")\n',
    );
    expect(first.stdout).toContain('2 rows. 1 recorded, 0 moved earlier, 0 unchanged, 1 not on the roster.');
    const second = await cli(['completions', 'import', 'lms.csv', '--db', db], { cwd: dir });
    expect(second.stdout).toContain('2 rows. 0 recorded, 0 moved earlier, 1 unchanged, 1 not on the roster.');
  });
});

describe('cli access and db', { timeout: 120_000 }, () => {
  it('grants, lists and revokes access, and backs the database up', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    await cli(['roster', 'import', join(EXAMPLES, 'roster.csv'), '--db', db]);
    expect((await cli(['access', 'grant', 'rhea.admin@example.edu', 'admin', '--db', db])).stdout).toBe(
      'Granted: rhea.admin@example.edu admin (may broadcast and see every department)\n',
    );
    const dept = await cli([
      'access',
      'grant',
      'seth.deptadmin@example.edu',
      'dept-admin',
      '--department',
      'Imaginary Physics',
      '--db',
      db,
    ]);
    expect(dept).toMatchObject({ code: 0, stderr: '' });
    const typo = await cli([
      'access',
      'grant',
      'x@example.edu',
      'dept-admin',
      '--department',
      'Imaginary Fysics',
      '--db',
      db,
    ]);
    expect(typo.stderr).toContain('Note: "x@example.edu" is not in the roster');
    expect(typo.stderr).toContain(
      'Note: no one on the current roster is in the department "Imaginary Fysics".',
    );
    const noDept = await cli(['access', 'grant', 'x@example.edu', 'dept-admin', '--db', db]);
    expect(noDept.code).toBe(1);
    expect(noDept.stderr).toContain('A dept-admin grant needs --department D.');

    expect(
      (
        await cli([
          'access',
          'revoke',
          'x@example.edu',
          'dept-admin',
          '--department',
          'Imaginary Fysics',
          '--db',
          db,
        ])
      ).code,
    ).toBe(0);
    expect((await cli(['access', 'list', '--db', db])).stdout).toBe(
      'rhea.admin@example.edu admin (may broadcast and see every department)\n' +
        'seth.deptadmin@example.edu dept-admin of "Imaginary Physics" (sees that department\'s completion)\n',
    );

    const backup = await cli(['db', 'backup', 'backups/copy.db', '--db', db], { cwd: dir });
    expect(backup.code).toBe(0);
    const status = await cli(['db', 'status', '--db', join(dir, 'backups/copy.db')]);
    expect(status.stdout).toMatch(/people: 45 \(45 on the current roster\)/);
    expect(status.stdout).toMatch(/access grants: 2/);
  });

  it('says so when the database file is not a database', async () => {
    const notDb = join(tempDir(), 'roster.csv');
    writeFileSync(notDb, 'email,name\nada@example.edu,Ada\n');
    const { code, stderr } = await cli(['db', 'status', '--db', notDb]);
    expect(code).toBe(1);
    expect(stderr).toBe(`Cannot open the database "${notDb}": file is not a database\n`);
  });

  it('reads DATABASE_PATH when --db is not given', async () => {
    const dir = tempDir();
    const db = join(dir, 'from-env.db');
    await cli(['access', 'grant', 'rhea.admin@example.edu', 'admin'], { env: { DATABASE_PATH: db } });
    expect((await cli(['access', 'list', '--db', db])).stdout).toContain('rhea.admin@example.edu admin');
  });
});
