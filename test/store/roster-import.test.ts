// `cli roster import` and `cli completions import` run in-process on a real database file: the guard against a
// truncated roster, and completions that cannot be right (dated in the future, or nobody on the roster).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const REPO = resolve(import.meta.dirname, '../..');
const ROSTER = readFileSync(join(REPO, 'examples/roster.csv'), 'utf8').trimEnd().split('\n');
const [HEADER = '', ...PEOPLE] = ROSTER;

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'roster-import-'));
  const db = join(dir, 'bot.db');
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
      env: { DATABASE_PATH: db, CONTENT_DIR: SHIPPED_CONTENT, ...env },
      cwd: dir,
    };
    const code = await runCli(args, io);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
  const active = () => {
    const store = openStore({ path: db });
    try {
      return store.countPeople();
    } finally {
      store.close();
    }
  };
  return { dir, db, write, cli, active };
}

/** A workspace whose database holds the 45 demo people, all active. */
async function withDemoRoster() {
  const w = workspace();
  const full = w.write('full.csv', ROSTER);
  expect(await w.cli(['roster', 'import', full])).toMatchObject({ code: 0 });
  expect(w.active()).toBe(45);
  return w;
}

describe('roster import: a truncated export does not deactivate everyone missing from it', () => {
  it('refuses a file that would deactivate 35 of 45, says so, and changes nothing', async () => {
    const w = await withDemoRoster();
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
    expect(w.active()).toBe(45);
  });

  it('refuses it in a dry run too, so a nightly job can be checked beforehand', async () => {
    const w = await withDemoRoster();
    const cut = w.write('cut.csv', [HEADER, ...PEOPLE.slice(0, 10)]);
    const result = await w.cli(['roster', 'import', cut, '--dry-run']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('would deactivate 35 of the 45 people');
    expect(w.active()).toBe(45);
  });

  it('imports it when the operator says so on the command line', async () => {
    const w = await withDemoRoster();
    const cut = w.write('cut.csv', [HEADER, ...PEOPLE.slice(0, 10)]);
    const result = await w.cli(['roster', 'import', cut, '--allow-mass-deactivation']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('0 added, 0 updated, 35 deactivated, 10 unchanged');
    expect(w.active()).toBe(10);
  });

  it('takes its limit from ROSTER_MAX_DEACTIVATE_SHARE', async () => {
    const w = await withDemoRoster();
    const cut = w.write('cut.csv', [HEADER, ...PEOPLE.slice(0, 10)]);
    expect(await w.cli(['roster', 'import', cut], { ROSTER_MAX_DEACTIVATE_SHARE: '80%' })).toMatchObject({
      code: 0,
    });
    expect(w.active()).toBe(10);
  });

  it('lets the usual comings and goings through: 4 of 45 leaving is under 10%', async () => {
    const w = await withDemoRoster();
    const most = w.write('most.csv', [HEADER, ...PEOPLE.slice(4)]);
    const result = await w.cli(['roster', 'import', most]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('4 deactivated');
    expect(w.active()).toBe(41);
    const fewer = w.write('fewer.csv', [HEADER, ...PEOPLE.slice(9)]);
    const refused = await w.cli(['roster', 'import', fewer]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('would deactivate 5 of the 41 people on the current roster (12%)');
  });
});
