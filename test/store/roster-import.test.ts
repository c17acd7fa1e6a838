// `cli roster import` and `cli completions import` run in-process on a real database (a SQLite file, PostgreSQL): the guard against a
// truncated roster, and completions that cannot be right (dated in the future, or nobody on the roster).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCompletionsCommand } from '../../src/cli/completions.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { ENGINES, type EngineName, freshLocation } from '../support/engines.js';

const REPO = resolve(import.meta.dirname, '../..');
const ROSTER = readFileSync(join(REPO, 'examples/roster.csv'), 'utf8').trimEnd().split('\n');
const [HEADER = '', ...PEOPLE] = ROSTER;

/** The database variable for a location: DATABASE_PATH for a SQLite file, DATABASE_URL for PostgreSQL. */
const dbEnv = (db: string) => (db.startsWith('postgres') ? { DATABASE_URL: db } : { DATABASE_PATH: db });

async function workspace(engine: EngineName) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-import-'));
  const db = engine === 'sqlite' ? join(dir, 'bot.db') : await freshLocation(engine);
  const write = (name: string, lines: readonly string[]) => {
    const file = join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (t) => void out.push(t),
      err: (t) => void err.push(t),
      readStdin: async () => '',
      env: { ...dbEnv(db), CONTENT_DIR: SHIPPED_CONTENT, ...env },
      cwd: dir,
    };
    const code = await runCli(args, io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
  const active = async () => {
    const store = await openStore({ path: db });
    try {
      return await store.countPeople();
    } finally {
      await store.close();
    }
  };
  return { dir, db, write, cli, active };
}

/** A workspace whose database holds the 45 demo people, all active. */
async function withDemoRoster(engine: EngineName) {
  const w = await workspace(engine);
  const full = w.write('full.csv', ROSTER);
  expect(await w.cli(['roster', 'import', full])).toMatchObject({ code: 0 });
  expect(await w.active()).toBe(45);
  return w;
}

describe.each(ENGINES)(
  'on %s, roster import: a truncated export does not deactivate everyone missing from it',
  (engine) => {
    it('refuses a file that would deactivate 35 of 45, says so, and changes nothing', async () => {
      const w = await withDemoRoster(engine);
      const cut = w.write('cut.csv', [HEADER, ...PEOPLE.slice(0, 10)]);
      const result = await w.cli(['roster', 'import', cut]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('would deactivate 35 of the 45 people on the current roster (78%)');
      expect(result.stderr).toContain('more than the 10% allowed');
      expect(result.stderr).toContain('ROSTER_MAX_DEACTIVATE_SHARE');
      expect(result.stderr).toContain('0 added, 0 updated, 35 deactivated, 10 unchanged');
      expect(result.stderr).toContain('Nothing changed');
      expect(result.stderr).toContain('--allow-mass-deactivation');
      expect(result.stdout).toBe('');
      expect(await w.active()).toBe(45);
    });

    it('refuses it in a dry run too, so a nightly job can be checked beforehand', async () => {
      const w = await withDemoRoster(engine);
      const cut = w.write('cut.csv', [HEADER, ...PEOPLE.slice(0, 10)]);
      const result = await w.cli(['roster', 'import', cut, '--dry-run']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('would deactivate 35 of the 45 people');
      expect(await w.active()).toBe(45);
    });

    it('imports it when the operator says so on the command line', async () => {
      const w = await withDemoRoster(engine);
      const cut = w.write('cut.csv', [HEADER, ...PEOPLE.slice(0, 10)]);
      const result = await w.cli(['roster', 'import', cut, '--allow-mass-deactivation']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain('0 added, 0 updated, 35 deactivated, 10 unchanged');
      expect(await w.active()).toBe(10);
    });

    it('takes its limit from ROSTER_MAX_DEACTIVATE_SHARE', async () => {
      const w = await withDemoRoster(engine);
      const cut = w.write('cut.csv', [HEADER, ...PEOPLE.slice(0, 10)]);
      expect(await w.cli(['roster', 'import', cut], { ROSTER_MAX_DEACTIVATE_SHARE: '80%' })).toMatchObject({
        code: 0,
      });
      expect(await w.active()).toBe(10);
    });

    it('lets the usual comings and goings through: 4 of 45 leaving is under 10%', async () => {
      const w = await withDemoRoster(engine);
      const most = w.write('most.csv', [HEADER, ...PEOPLE.slice(4)]);
      const result = await w.cli(['roster', 'import', most]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain('4 deactivated');
      expect(await w.active()).toBe(41);
      const fewer = w.write('fewer.csv', [HEADER, ...PEOPLE.slice(9)]);
      const refused = await w.cli(['roster', 'import', fewer]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('would deactivate 5 of the 41 people on the current roster (12%)');
    });
  },
);

describe.each(ENGINES)('on %s, completions import: nothing that cannot be right counts as done', (engine) => {
  const HEAD = 'email,module,completed_on';

  it('rejects a completion dated after today as a bad row, with file:line, and imports nothing', async () => {
    const w = await withDemoRoster(engine);
    const file = w.write('lms.csv', [
      HEAD,
      'bram.placeholder@example.edu,C,2021-02-01',
      'yuri.student@example.edu,C,2099-01-01',
    ]);
    const result = await w.cli(['completions', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /lms\.csv:3 completed_on: is after today \(\d{4}-\d\d-\d\d\): a completion cannot be in the future \(got "2099-01-01"\)/,
    );
    expect(result.stderr).toContain('1 problem in');
    const store = await openStore({ path: w.db });
    try {
      expect(await store.countPeople({ completed: true })).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('takes a completion dated today, and refuses one dated tomorrow, in the cycle time zone', async () => {
    const w = await withDemoRoster(engine);
    const file = (day: string) => w.write(`${day}.csv`, [HEAD, `bram.placeholder@example.edu,C,${day}`]);
    // 02:00 UTC on 11 February is still the 10th in the cycle's zone (America/New_York).
    const now = () => new Date('2021-02-11T02:00:00Z');
    const run = createCompletionsCommand({ now });
    const io = (err: string[]) => ({
      out: () => {},
      err: (t: string) => void err.push(t),
      readStdin: async () => '',
      env: { ...dbEnv(w.db), CONTENT_DIR: SHIPPED_CONTENT },
      cwd: w.dir,
    });
    const tomorrow: string[] = [];
    expect(await run(['import', file('2021-02-11')], io(tomorrow))).toBe(1);
    expect(tomorrow.join('\n')).toContain('is after today (2021-02-10)');
    expect(await run(['import', file('2021-02-10')], io([]))).toBe(0);
  });

  it('exits 1 with a clear message when no row is for anyone on the roster', async () => {
    const w = await withDemoRoster(engine);
    const file = w.write('other.csv', [
      HEAD,
      'someone@elsewhere.edu,C,2021-02-01',
      'another@elsewhere.edu,A,2021-02-02',
    ]);
    const result = await w.cli(['completions', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('other.csv:2 email: not on the roster: completion not recorded');
    expect(result.stderr).toContain('other.csv:3 email: not on the roster');
    expect(result.stderr).toContain('None of the 2 rows');
    expect(result.stderr).toContain('is for someone on the roster: nothing recorded');
  });

  it('still records the rest when only some rows are for unknown people', async () => {
    const w = await withDemoRoster(engine);
    const file = w.write('some.csv', [
      HEAD,
      'someone@elsewhere.edu,C,2021-02-01',
      'bram.placeholder@example.edu,C,2021-02-01',
    ]);
    const result = await w.cli(['completions', 'import', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 recorded');
  });
});
