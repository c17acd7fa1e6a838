// The second institution as a person tries it (issue #28): `content check` accepts it, the console runs it,
// and bad policy content is refused with the file, line and path.
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkForm, parseCheck } from '../../src/bot/replies/eligibility.js';
import { formatIssue, inspectContent, loadContent } from '../../src/content/load.js';
import { evaluateStatus, parseMoment } from '../../src/rules/index.js';
import { formatImportIssue, parseRoster } from '../../src/store/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const BAYLINE = 'examples/institutions/bayline';
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const scratch = mkdtempSync(join(tmpdir(), 'bayline-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('cli content check --content examples/institutions/bayline', () => {
  it('accepts it, with nothing left to fill in: every address is as the source gives it', async () => {
    const { stdout } = await run(
      'npx',
      ['tsx', 'src/cli/main.ts', 'content', 'check', '--content', BAYLINE],
      {
        cwd: ROOT,
      },
    );
    expect(stdout).toContain(`Content in ${BAYLINE} is valid.`);
    expect(stdout).not.toContain('still to fill in');
  }, 120_000);
});

describe('bad policy content names the file, the line and the path', () => {
  /** A copy of Bayline with policy.yml edited by `edit`; the errors as `content check` prints them. */
  function errorsWith(edit: (policy: string) => string): string[] {
    const dir = mkdtempSync(join(scratch, 'content-'));
    cpSync(join(ROOT, BAYLINE), dir, { recursive: true });
    const file = join(dir, 'policy.yml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return inspectContent(dir)
      .issues.filter((i) => i.severity !== 'warning' && i.file.endsWith('policy.yml'))
      .map((i) => formatIssue(i).replace(`${dir}/`, ''));
  }

  it.each<[string, (p: string) => string, RegExp]>([
    [
      'a span in weeks',
      (p) => p.replace('within: { months: 6 }', 'within: { weeks: 26 }'),
      /^policy\.yml:\d+ deadlines\.0\.within: unknown key "weeks": allowed keys are days, months, years, hours/,
    ],
    [
      'two spans at once',
      (p) => p.replace('within: { months: 6 }', 'within: { months: 6, days: 30 }'),
      /^policy\.yml:\d+ deadlines\.0\.within: give exactly one of "days", "months" or "years"/,
    ],
    [
      'a date the profile does not have',
      (p) => p.replace('after: startDate', 'after: hireDate'),
      /^policy\.yml:\d+ deadlines\.0\.after: .*"startDate".*(got "hireDate")/,
    ],
    [
      'a refresher counted in hours',
      (p) => p.replace('within: { years: 2 }', 'within: { years: 2, hours: 100 }'),
      /^policy\.yml:\d+ deadlines\.3\.within\.hours: a refresher counts from the last completion/,
    ],
    [
      'a course modules.yml does not have',
      (p) => p.replace('modules: [S]', 'modules: [T]'),
      /^policy\.yml:\d+ requirements\.0\.modules\.0: unknown module "T" \(known: S, E\)/,
    ],
    [
      'an area the policy does not list',
      (p) =>
        p.replace(
          'when: { supervisor: true }\n    modules',
          'when: { supervisor: true, area: depot }\n    modules',
        ),
      /^policy\.yml:\d+ requirements\.0\.when\.area: unknown area "depot": list it in policy\.yml "areas"/,
    ],
    [
      'a role the policy does not declare',
      (p) =>
        p.replace(
          'when: { supervisor: true }\n    modules',
          'when: { supervisor: true, role: [driver, manager] }\n    modules',
        ),
      /^policy\.yml:\d+ requirements\.0\.when\.role\.1: unknown role "manager" \(known: warehouse_associate, driver, office_staff, agency_temp\): declare it in policy\.yml "roles"/,
    ],
    [
      "a leave the policy does not declare (the first institution's)",
      (p) =>
        p.replace(
          'when: { supervisor: true }\n    modules',
          'when: { supervisor: true, leave: [medical_leave, sabbatical] }\n    modules',
        ),
      /^policy\.yml:\d+ requirements\.0\.when\.leave\.1: unknown leave "sabbatical" \(known: medical_leave, parental_leave\): declare it in policy\.yml "leaves"/,
    ],
    [
      'a leave named when none is declared',
      (p) =>
        p
          .replace(/^leaves:\n(?: {2}.*\n)+/m, '')
          .replace(
            'when: { supervisor: true }\n    modules',
            'when: { supervisor: true, leave: medical_leave }\n    modules',
          ),
      /^policy\.yml:\d+ requirements\.0\.when\.leave: unknown leave "medical_leave": declare it in policy\.yml "leaves"/,
    ],
    [
      'a leave declared twice',
      (p) => p.replace('- id: parental_leave', '- id: medical_leave'),
      /^policy\.yml:\d+ leaves\.1\.id: duplicate id "medical_leave"/,
    ],
    [
      'a leave named as the form says "not on leave"',
      (p) => p.replace('- id: parental_leave', '- id: none'),
      /^policy\.yml:\d+ leaves\.1\.id: "none" is how the "Check for me" form says "not on leave": choose another id/,
    ],
    [
      'a leave without its words for "you are on"',
      (p) => p.replace('    youAreOn: medical leave\n', ''),
      /^policy\.yml:\d+ leaves\.0\.youAreOn: missing: it is required/,
    ],
    [
      'no roles declared',
      (p) => p.replace(/^roles:\n(?: {2}.*\n)+/m, ''),
      /^policy\.yml:\d+ roles: missing: it is required/,
    ],
    [
      'no deadline at all',
      (p) => p.slice(0, p.indexOf('deadlines:')),
      /^policy\.yml:\d+: no deadline can be worked out: give schedule\.yml "groups" \(fixed windows\) or policy\.yml "deadlines"/,
    ],
  ])('%s', (_case, edit, expected) => {
    const errors = errorsWith(edit);
    expect(
      errors.some((e) => expected.test(e)),
      errors.join('\n'),
    ).toBe(true);
  });
});

describe('bad reminders content names the file, the line and the path', () => {
  function reminderErrors(edit: (text: string) => string): string[] {
    const dir = mkdtempSync(join(scratch, 'reminders-'));
    cpSync(join(ROOT, BAYLINE), dir, { recursive: true });
    const file = join(dir, 'reminders.yml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    return inspectContent(dir)
      .issues.filter((i) => i.severity !== 'warning' && i.file.endsWith('reminders.yml'))
      .map((i) => formatIssue(i).replace(`${dir}/`, ''));
  }

  it('refuses a reminder by group window where there are no groups', () => {
    const errors = reminderErrors((t) =>
      t.replace('when: { ownDeadlineOverdue: true }', 'when: { overdueEveryDays: 7 }'),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^reminders\.yml:\d+ schedule\.reminders\.2\.when: schedule\.yml has no groups, so this reminder by group window would never go out/,
      ),
    ]);
  });

  it('refuses a reminder template that does not say the hours part of "30 days or 100 hours"', () => {
    const errors = reminderErrors((t) => t.replace('{{daysLeft}} left. {{hours}}', '{{daysLeft}} left.'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^reminders\.yml:16 templates\.1\.text: policy\.yml deadline "seasonal-temporary" is also reached by hours worked, and reminders go by its date: add \{\{hours\}\}/,
      ),
    ]);
  });

  it('refuses a reminder by personal deadline limited to groups', () => {
    const errors = reminderErrors((t) =>
      t.replace(
        'when: { daysBeforeOwnDeadline: 30 }',
        'when: { daysBeforeOwnDeadline: 30 }\n      groups: [warehouse]',
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^reminders\.yml:\d+ schedule\.reminders\.0\.groups: a reminder by personal deadline goes to everyone/,
        ),
      ]),
    );
  });
});

describe("Bayline's own leaves (policy.yml leaves), not the first institution's", () => {
  const content = loadContent(join(ROOT, BAYLINE));
  const roster = readFileSync(join(ROOT, BAYLINE, 'roster.csv'), 'utf8');
  /** The demo roster with Nora Newhire (line 2) on `leave`. */
  const withLeave = (leave: string) => {
    const [header = '', nora = '', ...rest] = roster.split('\n');
    const cells = nora.split(',');
    cells[header.split(',').indexOf('leave')] = leave;
    return [header, cells.join(','), ...rest].join('\n');
  };

  it('the roster takes a leave Bayline declares and refuses any other, with its line', () => {
    const taken = parseRoster(withLeave('parental_leave'), 'roster.csv', content);
    expect(taken.issues).toEqual([]);
    expect(taken.records[0]?.profile.leave).toBe('parental_leave');
    expect(parseRoster(withLeave('sabbatical'), 'roster.csv', content).issues.map(formatImportIssue)).toEqual(
      ['roster.csv:2 leave: unknown leave, expected one of medical_leave, parental_leave (got "sabbatical")'],
    );
  });

  it('the form refuses a leave Bayline does not declare', () => {
    expect(parseCheck({ role: 'driver', leave: 'sabbatical' }, content)).toEqual({
      ok: false,
      errors: {
        leave: 'Please check this answer (unknown leave, expected one of medical_leave, parental_leave).',
      },
    });
    expect(parseCheck({ role: 'driver', leave: 'medical_leave' }, content)).toEqual({
      ok: true,
      profile: { role: 'driver', leave: 'medical_leave' },
    });
  });

  it("a rule that reads a leave gets the leave question, offering Bayline's leaves", () => {
    const dir = mkdtempSync(join(scratch, 'leave-rule-'));
    cpSync(join(ROOT, BAYLINE), dir, { recursive: true });
    const file = join(dir, 'policy.yml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'when: { supervisor: true }\n    modules',
        'when: { supervisor: true, not: { leave: parental_leave } }\n    modules',
      ),
    );
    const leave = checkForm(loadContent(dir)).items.flatMap((i) =>
      i.type === 'field' && i.field.id === 'leave' ? [i.field] : [],
    )[0];
    expect(leave?.input).toEqual({
      kind: 'select',
      options: [
        { label: 'Not on leave', value: 'none' },
        { label: 'Medical leave', value: 'medical_leave' },
        { label: 'Parental leave', value: 'parental_leave' },
      ],
    });
  });
});

describe('"Check for me" without a roster record asks what the deadlines read', () => {
  const fieldsOf = (dir: string) =>
    checkForm(loadContent(dir)).items.flatMap((item) => (item.type === 'field' ? [item.field.id] : []));

  it('asks Bayline for the start date, a supervisor role, its start, seasonal work and hours; the first institution only whether one supervises (its recommendation reads it)', () => {
    expect(fieldsOf(join(ROOT, BAYLINE))).toEqual([
      'role',
      'start_date',
      'supervisor',
      'role_start',
      'seasonal',
      'hours_worked',
    ]);
    expect(fieldsOf(SHIPPED_CONTENT)).toEqual([
      'role',
      'paid',
      'study_year',
      'start_date',
      'supervisor',
      'appointment_end',
      'leave',
      'graduating',
      'area',
    ]);
  });

  it('works out a seasonal worker at 90 hours from what they enter', () => {
    const content = loadContent(join(ROOT, BAYLINE));
    const parsed = parseCheck(
      {
        role: 'warehouse_associate',
        start_date: '2026-11-20',
        supervisor: 'no',
        seasonal: 'yes',
        hours_worked: '90',
      },
      content,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const status = evaluateStatus(parsed.profile, content, parseMoment('2026-12-04', 'America/Los_Angeles'));
    expect([
      status.state,
      status.deadline,
      status.personal?.applied?.rule,
      status.personal?.applied?.hoursLeft,
    ]).toEqual(['open', '2026-12-20', 'seasonal-temporary', 10]);
  });
});

describe('npm run console -- --content examples/institutions/bayline', () => {
  function runConsole(lines: string[], args: string[] = []) {
    const result = spawnSync(
      TSX,
      [join(ROOT, 'src/console/main.ts'), '--content', join(ROOT, BAYLINE), ...args],
      {
        cwd: scratch,
        input: `${lines.join('\n')}\n`,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return { status: result.status, out: result.stdout, err: result.stderr };
  }

  it('loads its demo roster, answers its FAQ and each person by their own deadline', () => {
    const { status, out, err } = runConsole(
      [
        'do I need to take it?',
        'what languages is the course in?',
        '/as rita.refresher@example.com',
        '/harassment-training status',
        '/harassment-training modules',
        '/harassment-training help',
        '/as paco.promoted@example.com',
        '/harassment-training status',
        '/as sam.seasonal@example.com',
        '/harassment-training status',
        '/quit',
      ],
      ['--on', '2026-12-04'],
    );
    expect(err).toBe('');
    expect(status).toBe(0);
    // Everyone on the demo roster: the store keeps the promotion date, seasonal work and hours worked.
    expect(out).toContain('demo roster: 11 people and 4 completions');
    expect(out).not.toContain('left out');
    // Read from the store: the promotion a week ago, and the seasonal worker's 90 hours.
    expect(out).toContain(
      'Counted from the day you started your current role (Friday, November 27, 2026), your deadline is the end of Thursday, May 27, 2027.',
    );
    expect(out).toContain(
      'Or sooner: once you have worked 100 hours (10 hours from now), whichever comes first.',
    );
    expect(out).toContain(
      'You are Nora Newhire <nora.newhire@example.com>, warehouse associate, Oakland Warehouse. Today is 2026-12-04.',
    );
    expect(out).toContain(
      'Open now: 31 days left. The deadline is the end of Monday, January 4, 2027 (America/Los_Angeles time).',
    );
    expect(out).toContain(
      'New employees must complete the training within six months of their hire date. Counted from your start date (Saturday, July 4, 2026), your deadline is the end of Monday, January 4, 2027.',
    );
    expect(out).toContain('Take Course E – Course for all other employees in Bayline Learn.');
    // Its own calibration (six writers) answers it outright.
    expect(out).toContain('The course is offered in English and Spanish.');
    expect(out).not.toContain("I'm not sure which of these you mean");
    expect(out).toContain('Overdue by 30 days: the deadline was the end of Wednesday, November 4, 2026');
    expect(out).toContain('Course E, Nov 4, 2024 (due again)');
    expect(out).toContain('which course you take depends on your role.');
    expect(out).toContain(
      'Supervisors, and anyone who manages or directs the work of others, take the two-hour supervisor course. (Course S)',
    );
    // Help speaks of its own deadlines, not of training groups and windows it does not have.
    expect(out).toContain(
      'your own status: required or not and why, your deadline and the rule it comes from, and what to do next',
    );
    expect(out).toContain('when the training is due, counted from your own dates');
    expect(out).not.toMatch(/group|window/i);
    // Nothing from the first institution leaks in.
    expect(out).not.toMatch(/IDHR|Atlas|2021/);
  }, 90_000);
});
