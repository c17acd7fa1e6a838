// The offline console as a person runs it: lines piped into the real entry point, printed text asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_DEFAULTS, noDatabase } from '../../src/console/setup.js';
import { dayIn } from '../../src/rules/index.js';
import { openStore } from '../../src/store/index.js';

const REPO = resolve(import.meta.dirname, '../..');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const cwd = mkdtempSync(join(tmpdir(), 'console-'));

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Runs the console in a fresh folder with `lines` on stdin (not a TTY); returns what it printed. */
function runConsole(lines: string[], args: string[] = []) {
  const result = spawnSync(
    TSX,
    [join(REPO, 'src/console/main.ts'), '--content', join(REPO, 'content'), ...args],
    {
      cwd,
      input: `${lines.join('\n')}\n`,
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: result.status, out: result.stdout, err: result.stderr };
}

describe('npm run console', () => {
  it('loads the demo roster into ./data/console.db, says who you are and the date, and answers as three people', () => {
    const { status, out, err } = runConsole([
      'do I need to take it?',
      '/as fay.visitor@example.edu',
      'do I need to take it?',
      '/as yuri.student@example.edu',
      'do I need to take it?',
      '/quit',
    ]);
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(existsSync(join(cwd, CONSOLE_DEFAULTS.db))).toBe(true);
    expect(out).toContain('demo roster: 45 people');
    expect(out).toContain(
      'You are Bram Placeholder <bram.placeholder@example.edu>, faculty, Imaginary Physics. Today is 2021-02-10.',
    );
    const answers = out.split('you> do I need to take it?').slice(1);
    expect(answers).toHaveLength(3);
    expect(answers[0]).toContain('Do you need to take it? Yes.');
    expect(answers[0]).toContain('Open now: 7 days left.');
    expect(answers[1]).toContain('Do you need to take it? No.');
    expect(answers[2]).toContain('Do you need to take it? No.');
    expect(answers[2]).toContain('third year of study or above');
    expect(out).toContain('Bye.');
  });

  it('runs subcommands as in Slack, presses buttons by number, and moves the clock', () => {
    const { out } = runConsole([
      '/harassment-training schedule',
      'can I take more than one course?',
      '1',
      '/on 2021-02-20',
      '/harassment-training status',
      '/harassment-training bogus',
    ]);
    expect(out).toContain(
      'All Schools (including Faculty): January 13 – February 17, 2021 (open now, your group)',
    );
    // Button 1 of the answer is its first related question.
    expect(out).toMatch(/you> 1\n[^\n]+\n {2}📖 From FAQ/);
    expect(out).toContain('Today is 2021-02-20.');
    expect(out).toContain('Overdue by 3 days');
    expect(out).toContain('I don\'t know the subcommand "bogus"');
  });

  it('walks through the eligibility check for someone without a record, and stores nothing of it', async () => {
    const { out } = runConsole(
      [
        'do I need to take it?',
        // The last button of the no-record reply is the check.
        '1',
        '2', // role: staff
        '1', // paid: yes
        '2014-01-06', // onboarded
        '1', // supervises others: yes
        '', // appointment end: skip
        '2', // area: VP for Research
      ],
      ['--as', 'someone.new@example.edu'],
    );
    expect(out).toContain('You are someone.new@example.edu (no roster record).');
    expect(out).toContain("I don't have a record for you");
    expect(out).toContain('What is your role?');
    // A staff member is asked only what applies to staff.
    expect(out).not.toContain('Your year of study');
    expect(out).not.toContain('Are you graduating');
    expect(out).toContain('Do you need to take it? Yes.');
    expect(out).toContain('Not open yet: your window opens on Monday, February 22, 2021');
    // A supervisor is told the duty the FAQ gives managers and supervisors.
    expect(out).toContain('As a manager or supervisor, you are also required to inform the IDHR Office');
    expect(out).toContain('nothing was stored');
    const store = await openStore({ path: join(cwd, CONSOLE_DEFAULTS.db) });
    try {
      expect(await store.personByEmail('someone.new@example.edu')).toBeNull();
      expect(await store.countPeople({ active: 'any' })).toBe(45);
    } finally {
      await store.close();
    }
  });

  it('gives admins their subcommands: help lists them, report saves its chart under data/, remind dry-runs', () => {
    const { out, err } = runConsole(
      [
        '/harassment-training help',
        '/harassment-training report --chart',
        '/home',
        '2',
        '/harassment-training remind',
        '1',
        '1',
        '',
        '',
        '',
        '',
        '',
        '1',
        '/as bram.placeholder@example.edu',
        '/harassment-training help',
        '/harassment-training report',
        '/home',
        '/quit',
      ],
      ['--as', 'rhea.admin@example.edu'],
    );
    expect(err).toBe('');
    const [asAdmin = '', bram = ''] = out.split('you> /as bram.placeholder@example.edu');
    const [adminHelp, report, home, csv, remind] = asAdmin
      .split(
        /you> \/harassment-training help|you> \/harassment-training report --chart|you> \/home|you> 2\n|you> \/harassment-training remind/,
      )
      .slice(1);
    expect(adminHelp).toContain('`/harassment-training remind`');
    expect(adminHelp).toContain('`/harassment-training report [department]`');
    expect(report).toContain('TRAINING COMPLETION AS OF 2021-02-10');
    expect(report).toContain(
      '📈 Training completion by group, All departments · as of 2021-02-10: saved to data/completion-2021-02-10-all.png',
    );
    const png = readFileSync(join(cwd, 'data/completion-2021-02-10-all.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(home).toContain('TRAINING ADMINISTRATION');
    expect(home).toContain('[1] Send a reminder');
    expect(home).toContain('[2] Download report (CSV)');
    expect(csv).toContain('Report (CSV) saved to data/completion-report-2021-02-10-all.csv');
    expect(readFileSync(join(cwd, 'data/completion-report-2021-02-10-all.csv'), 'utf8')).toMatch(
      /^group,department,required,completed,outstanding,overdue,completion_rate\n/,
    );
    // The composer's dry run: the count and the message as one recipient sees it; nothing sent.
    expect(remind).toMatch(/Dry run/i);
    expect(remind).toMatch(/\d+ (people|person)/);
    // Someone without grants: no admin subcommand in help, a refusal for report, no admin section.
    expect(bram).not.toContain('`/harassment-training remind`');
    expect(bram).not.toContain('`/harassment-training report');
    expect(bram).toContain('only for training administrators');
    expect(bram).not.toContain('TRAINING ADMINISTRATION');
  });

  it('gives an admin `report` and a dry-run `remind`, and refuses both to anyone else', () => {
    const { out } = runConsole(
      [
        '/as rhea.admin@example.edu',
        'report',
        '/harassment-training remind',
        '3', // message: overdue
        '2', // who: overdue
        '', // days: skip
        '', // group: skip
        '', // department: skip
        '', // channel: skip
        '', // note: skip
        '1', // dry run
        '/as bram.placeholder@example.edu',
        '/harassment-training remind',
        '/harassment-training report',
      ],
      ['--on', '2021-02-20'],
    );
    expect(out).toContain('TRAINING COMPLETION AS OF 2021-02-20');
    expect(out).toContain('All of all departments: 16 of 30 done (53.3%)');
    expect(out).toContain('Note (optional) (Enter to skip)');
    expect(out).toContain('DRY RUN: NOTHING WAS SENT');
    expect(out).toContain('Your training is overdue would go to 4 people.');
    expect(out).toContain('The message as Bram would see it:');
    expect(out).toContain('Sorry, `remind` is only for training administrators, so nothing was done.');
    expect(out).toContain('Sorry, `report` is only for');
  });

  it('dates what it keeps by the real clock: the simulated day is for the rules only', async () => {
    const before = dayIn(new Date(), 'America/New_York');
    const { out } = runConsole([
      'how many parking spaces does the library garage have?',
      'do I need to take it?',
    ]);
    const after = dayIn(new Date(), 'America/New_York');
    // The rules still answer for 2021-02-10 …
    expect(out).toContain('Open now: 7 days left.');
    // … but the question it could not answer is kept with today's date, so the 30-day retention keeps it.
    const store = await openStore({ path: join(cwd, CONSOLE_DEFAULTS.db) });
    try {
      const misses = await store.misses.listMisses();
      expect(misses.map((m) => m.text)).toEqual(['how many parking spaces does the library garage have?']);
      expect([before, after]).toContain(misses[0]?.day);
      const counts = await store.misses.answerCounts();
      expect(counts.map((c) => c.kind).sort()).toEqual(['out-of-scope', 'personal']);
      for (const c of counts) expect([before, after]).toContain(c.day);
    } finally {
      await store.close();
    }
  });

  it('says to import the roster first when --db names no file yet', () => {
    const { status, out, err } = runConsole([], ['--db', 'data/harassment-training.db']);
    expect(status).toBe(1);
    expect(out).toBe('');
    expect(err.trim()).toBe(noDatabase('data/harassment-training.db'));
    expect(err).toContain('Import the roster into it first (npm run --silent cli -- roster import FILE.csv');
  });

  it('stops with a clear message for a bad --on date', () => {
    const { status, err } = runConsole([], ['--on', '2021-02-30']);
    expect(status).toBe(2);
    expect(err).toContain('--on');
  });
});
