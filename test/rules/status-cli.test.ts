// `npm run --silent cli -- status`: the done-when checks, profile validation and the injected clock.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { createStatusCommand } from '../../src/cli/status.js';
import { loadContent } from '../../src/content/load.js';
import { evaluateStatus, parseMoment } from '../../src/rules/index.js';
import { editedContentDir, toCycle2023 } from './edited-content.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PROFILES = 'test/fixtures/profiles';
const CYCLE_2025_26 = 'test/fixtures/cycle-2025-26';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readStdin: async () => '',
    env: {},
    cwd: ROOT,
  };
  return { io, out, err };
}

async function status(...args: string[]) {
  const { io, out, err } = fakeIo();
  const code = await runCli(['status', ...args], io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function statusJson(profile: string, on: string, ...more: string[]) {
  const { code, stdout, stderr } = await status(
    '--profile',
    `${PROFILES}/${profile}`,
    '--on',
    on,
    '--json',
    ...more,
  );
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('status --json: the done-when checks of the issue', () => {
  // [faq, case, profile file, --on, expected fields]
  // biome-ignore format: one line per case
  it.each<[string, string, string, string, Record<string, unknown>]>([
    ['training-requirement', 'paid school staff, not completed', 'staff-school-paid.json', '2021-02-10', { required: true, state: 'open', deadline: '2021-02-17', daysLeft: 7, group: { id: 'all-schools', name: 'All Schools (including Faculty)' }, window: { start: '2021-01-13', end: '2021-02-17' }, missing: [] }],
    ['appointment-expiring', 'the same person, appointment ending 2021-02-01', 'staff-school-expiring.json', '2021-02-10', { required: false, state: 'not_required', daysLeft: null, contacts: ['roster-removal'] }],
    ['rollout-schedule', 'a third-year graduate student before April', 'grad-year-3.json', '2021-03-01', { required: true, state: 'not_open_yet', window: { start: '2021-04-05', end: '2021-05-07' }, deadline: '2021-05-07', daysLeft: null }],
    ['training-requirement', 'a graduate student with no year of study', 'grad-no-year.json', '2021-03-01', { required: null, state: 'unknown', missing: ['studyYear'], modules: ['C', 'E'] }],
    ['rollout-schedule', 'an explicit group the schedule does not have', 'unknown-group.json', '2021-02-10', { required: true, state: 'unknown', group: null, missing: ['group'] }],
  ])('%s: %s', async (_faq, _case, profile, on, expected) => {
    expect(await statusJson(profile, on)).toMatchObject(expected);
  });

  it('gives every field the text shows, supplemental and the earlier completion among them', async () => {
    const json = await statusJson('staff-school-paid.json', '2021-02-10');
    expect(json).toHaveProperty('supplemental', false);
    expect(json).toHaveProperty('earlier', null);
    const content = loadContent(resolve(ROOT, 'content'));
    const profile = JSON.parse(readFileSync(resolve(ROOT, PROFILES, 'staff-school-paid.json'), 'utf8'));
    const status = evaluateStatus(
      profile,
      content,
      parseMoment('2021-02-10', content.schedule.cycle.timeZone),
    );
    expect(Object.keys(json).toSorted()).toEqual(Object.keys(status).toSorted());
  });

  it.each([
    [
      'supplemental learning',
      { role: 'staff', paid: true, area: 'vpr', department: 'Laboratory of Imaginary Optics' },
      { required: false, supplemental: true, earlier: null },
    ],
    [
      "an earlier cycle's completion",
      { role: 'faculty', paid: true, completed: { module: 'E', on: '2021-02-01' } },
      { required: true, supplemental: false, earlier: { module: 'E', on: '2021-02-01', cycle: null } },
    ],
  ])('says what the text says for %s', async (_case, profile, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'status-json-'));
    const file = join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    const args = ['--profile', file, '--on', '2025-10-01', '--content', CYCLE_2025_26];
    const json = await status(...args, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject(expected);
    // The text shows the same: the supplemental rule's reason, or the earlier completion.
    const text = (await status(...args)).stdout;
    if (expected.supplemental) expect(text).toMatch(/supplemental/i);
    if (expected.earlier) expect(text).toContain('Course E');
  });

  it('cites the appointment question for the expiring appointment', async () => {
    const json = await statusJson('staff-school-expiring.json', '2021-02-10');
    expect(json['reasons']).toEqual([expect.objectContaining({ faq: 'appointment-expiring' })]);
  });

  it('prints the keys of the stable interface first, in order', async () => {
    const json = await statusJson('staff-school-paid.json', '2021-02-10');
    expect(Object.keys(json).slice(0, 10)).toEqual([
      'required',
      'state',
      'reasons',
      'group',
      'window',
      'deadline',
      'daysLeft',
      'missing',
      'modules',
      'contacts',
    ]);
  });

  it('reads another cycle from --content', async () => {
    const dir = editedContentDir('schedule.yml', toCycle2023);
    const json = await statusJson('staff-school-paid.json', '2023-02-10', '--content', dir);
    expect(json).toMatchObject({ state: 'open', deadline: '2023-02-17', daysLeft: 7 });
  });
});

describe('status: text, clock and mistakes', () => {
  it('prints a few lines a person reads', async () => {
    const { code, stdout } = await status(
      '--profile',
      `${PROFILES}/staff-school-paid.json`,
      '--on',
      '2021-02-17T23:59',
    );
    expect(code).toBe(0);
    // The profile gives no start date, so the answer says what it depends on (FAQ recent-onboarding).
    expect(stdout.split('\n')[0]).toBe(
      'Do you need to take it? Yes, unless you were onboarded on or after July 1st, 2020 (FAQ requirement question 4).',
    );
    expect(stdout).toContain('Due today: the deadline is the end of today, Wednesday, February 17, 2021');
  });

  it('uses the injected clock when --on is not given', async () => {
    const run = createStatusCommand({ now: () => new Date('2021-02-18T05:01:00Z') });
    const { io, out } = fakeIo();
    expect(await run(['--profile', `${PROFILES}/staff-school-paid.json`, '--json'], io)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ state: 'overdue', daysLeft: -1, daysLate: 1 });
  });

  it('reports every bad field as FILE:LINE field: message (got "value"), a role the content does not declare too, exit 1', async () => {
    const { code, stdout, stderr } = await status('--profile', `${PROFILES}/invalid.json`);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr.split('\n')).toEqual([
      `${PROFILES}/invalid.json:1 role: unknown role, expected one of faculty, staff, graduate_student, other (got "boss")`,
      `${PROFILES}/invalid.json:1 paid: Invalid input: expected boolean, received string (got "yes")`,
      `${PROFILES}/invalid.json:1 studyYear: Invalid input: expected int, received number (got 2.5)`,
      `${PROFILES}/invalid.json:1 completed.module: must be a module letter such as "C" (got "c")`,
      `${PROFILES}/invalid.json:1 completed.on: must be a date YYYY-MM-DD (got "2021-02-30")`,
      `${PROFILES}/invalid.json:1 favouriteColour: not a profile field`,
    ]);
  });

  it('names the line of a role, area or leave the content does not declare, in a profile written over several lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'status-role-'));
    const file = join(dir, 'profile.json');
    writeFileSync(
      file,
      '{\n  "name": "Sam Example",\n  "role": "warehouse_associate",\n  "area": "depot",\n  "leave": "parental_leave"\n}\n',
    );
    const { code, stderr } = await status('--profile', file);
    expect(code).toBe(1);
    expect(stderr.split('\n')).toEqual([
      `${file}:3 role: unknown role, expected one of faculty, staff, graduate_student, other (got "warehouse_associate")`,
      `${file}:4 area: unknown area, expected one of school, vpr, central_admin (got "depot")`,
      `${file}:5 leave: unknown leave, expected one of sabbatical, junior_faculty_leave (got "parental_leave")`,
    ]);
  });

  // [case, arguments, what stderr says]
  // biome-ignore format: one line per case
  it.each<[string, string[], string]>([
    ['a file that is not JSON', ['--profile', `${PROFILES}/not-json.json`], `${PROFILES}/not-json.json: not valid JSON (`],
    ['a file that does not exist', ['--profile', `${PROFILES}/nobody.json`], `${PROFILES}/nobody.json: cannot read the file (ENOENT)`],
    ['no --profile', ['--json'], '--profile FILE.json is required.'],
    ['an impossible --on date', ['--profile', `${PROFILES}/staff-school-paid.json`, '--on', '2021-02-30'], '--on: expected a date YYYY-MM-DD or an ISO date-time, got "2021-02-30".'],
    ['a stray argument', ['--profile', `${PROFILES}/staff-school-paid.json`, 'now'], 'Unexpected argument "now".'],
  ])('exits 1 for %s', async (_case, args, message) => {
    const { code, stderr } = await status(...args);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
  });
});

describe('status through npm, as a person runs it', () => {
  it('answers the first done-when check', async () => {
    const { stdout } = await promisify(execFile)(
      'npm',
      [
        'run',
        '--silent',
        'cli',
        '--',
        'status',
        '--profile',
        `${PROFILES}/staff-school-paid.json`,
        '--on',
        '2021-02-10',
        '--json',
      ],
      { cwd: ROOT },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      required: true,
      state: 'open',
      deadline: '2021-02-17',
      daysLeft: 7,
    });
  });
});
