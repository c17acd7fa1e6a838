// The fictional 2025-26 cycle (test/fixtures/cycle-2025-26), population by population: a pilot group by
// department, a group that excepts those departments, one only the roster assigns, a laboratory that is not
// required (supplemental learning), three options, a different group order and time zone, and last cycle's
// completions kept as history. Then the content check on broken copies of it.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusMessage } from '../../src/bot/replies/status.js';
import { resolveAudience } from '../../src/broadcast/index.js';
import { checkContent } from '../../src/content/check.js';
import { formatIssue, loadContent } from '../../src/content/load.js';
import { buildCompletionReport } from '../../src/reports/report.js';
import { evaluateStatus, type Profile, parseMoment } from '../../src/rules/index.js';
import { openStore, parseCompletions, parseRoster } from '../../src/store/index.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/cycle-2025-26');
const content = loadContent(FIXTURE);
const at = (moment: string) => parseMoment(moment, content.schedule.cycle.timeZone);

const faculty = (department: string): Profile => ({ role: 'faculty', paid: true, department });
const staff = (area: Profile['area'], department?: string): Profile => ({
  role: 'staff',
  paid: true,
  ...(area ? { area } : {}),
  ...(department ? { department } : {}),
});

describe('who is in which group, and when (2025-10-01, the pilot window)', () => {
  // [population, profile, required, group, state, window]
  // biome-ignore format: one line per case
  it.each<[string, Profile, boolean | null, string | null, string]>([
    ['pilot department faculty', faculty('Fictional Linguistics'), true, 'pilot', 'open'],
    ['pilot department school staff (case-insensitive)', staff('school', 'example chemistry'), true, 'pilot', 'open'],
    ['faculty outside the pilot', faculty('Imaginary Physics'), true, 'all-schools', 'not_open_yet'],
    ['school staff outside the pilot', staff('school', 'Imaginary Physics'), true, 'all-schools', 'not_open_yet'],
    ['staff under the VP for Research', staff('vpr', 'Research Administration (Demo)'), true, 'admin-and-research', 'not_open_yet'],
    ['central admin staff', staff('central_admin', 'Office of Demo Admissions'), true, 'admin-and-research', 'not_open_yet'],
    ['HR staff, excepted, without a roster group', staff('central_admin', 'Human Resources (Demo)'), true, null, 'unknown'],
    ['HR staff the roster assigns', { ...staff('central_admin', 'Human Resources (Demo)'), group: 'hr-staff' }, true, 'hr-staff', 'not_open_yet'],
    ['graduate student, year 3', { role: 'graduate_student', studyYear: 3 }, true, 'graduate-students', 'not_open_yet'],
    ['school staff with no department: the exception cannot be told', staff('school'), true, null, 'unknown'],
    ['the laboratory with its own training', staff('school', 'Laboratory of Imaginary Optics'), false, null, 'not_required'],
  ])('%s', (_population, profile, required, group, state) => {
    const status = evaluateStatus(profile, content, at('2025-10-01'));
    expect({ required: status.required, group: status.group?.id ?? null, state: status.state }).toEqual({
      required,
      group: required === false ? status.group?.id ?? null : group,
      state,
    });
  });

  it('says why a staff member with no department has no window: the department decides', () => {
    const status = evaluateStatus(staff('school'), content, at('2025-10-01'));
    expect(status.missing).toEqual(['department']);
    expect(statusMessage(status, content).text).toContain('your department or unit');
  });

  it('the laboratory is not required, may take it as supplemental learning, and cites its own FAQ entry', () => {
    const status = evaluateStatus(
      staff('school', 'Laboratory of Imaginary Optics'),
      content,
      at('2025-10-01'),
    );
    expect(status.supplemental).toBe(true);
    expect(status.reasons.map((r) => [r.rule, r.faq])).toEqual([['optics-lab-own-training', 'optics-lab']]);
    const text = statusMessage(status, content).text;
    expect(text).toContain('Do you need to take it? No.');
    expect(text).toContain('may take any of the three options as supplemental learning');
    expect(text).toContain('FAQ requirement question 19');
  });

  it("a deadline ends at midnight in the cycle's zone (Los Angeles), across a year for graduate students", () => {
    const pilot = faculty('Fictional Linguistics');
    expect(evaluateStatus(pilot, content, at('2025-10-18T06:30Z')).state).toBe('due_today');
    expect(evaluateStatus(pilot, content, at('2025-10-18T07:00Z')).state).toBe('overdue');
    const grad = evaluateStatus({ role: 'graduate_student', studyYear: 4 }, content, at('2026-01-05'));
    expect({ state: grad.state, window: grad.window, daysLeft: grad.daysLeft }).toEqual({
      state: 'open',
      window: { start: '2025-12-01', end: '2026-01-16' },
      daysLeft: 11,
    });
    expect(statusMessage(grad, content).text).toContain('December 1, 2025 – January 16, 2026');
  });
});

describe("history: last cycle's completions", () => {
  const roster = parseRoster(
    [
      'email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor',
      'ada@example.edu,Ada Example,faculty,yes,,2010-09-01,,,,school,,Imaginary Physics,no',
      'bo@example.edu,Bo Example,faculty,yes,,2012-09-01,,,,school,,Fictional Linguistics,no',
      'cy@example.edu,Cy Example,staff,yes,,2015-03-01,,,,school,,Laboratory of Imaginary Optics,no',
    ].join('\n'),
    'roster.csv',
    content,
  );
  const report = [
    'email,module,completed_on',
    'ada@example.edu,E,2021-02-01',
    'bo@example.edu,D,2021-01-20',
    'bo@example.edu,A,2025-09-20',
    'cy@example.edu,A,2025-09-22',
  ].join('\n');

  it('accepts modules of the earlier cycle as notes, not errors, and records each under its cycle', async () => {
    const parsed = parseCompletions(report, 'lms.csv', content);
    expect(roster.issues).toEqual([]);
    expect(parsed.issues).toEqual([]);
    expect(parsed.notes.map((n) => `${n.line} ${n.problem}`)).toEqual([
      '2 Course E is not offered in this cycle: recorded as a completion of 2020-21',
      '3 Course D is not offered in this cycle: recorded as a completion of 2020-21',
    ]);
    const store = await openStore({ path: ':memory:', schedule: content.schedule });
    await store.importRoster(roster.records, { file: 'roster.csv' });
    await store.importCompletions(parsed.records);

    const ada = await store.profileByEmail('ada@example.edu');
    expect(ada?.completed).toBeUndefined();
    expect(ada?.earlierCompletion).toEqual({
      module: 'E',
      on: '2021-02-01',
      cycle: 'Preventing Sexual Harassment AY20-21',
    });
    const status = evaluateStatus(ada as Profile, content, at('2025-10-21'));
    expect(status.state).toBe('open');
    expect(status.earlier).toEqual({ module: 'E', on: '2021-02-01', cycle: '2020-21' });
    expect(statusMessage(status, content).text).toContain(
      'You completed Course E in 2020-21 (Monday, February 1, 2021); it does not count for this cycle.',
    );
    expect(JSON.stringify(statusMessage(status, content).parts)).toContain(
      'You completed Course E in 2020-21 (Feb 1, 2021); this cycle needs one of the three options.',
    );

    // Bo completed this cycle's Course A: done, whatever the history says.
    expect(
      evaluateStatus((await store.profileByEmail('bo@example.edu')) as Profile, content, at('2025-10-21'))
        .state,
    ).toBe('completed');

    // Reminders and the report follow the same rules: Ada is reminded, Cy (supplemental) never.
    const audience = await resolveAudience(store, content, { state: 'not_completed' }, at('2025-10-21'));
    expect(audience.recipients.map((r) => r.person.profile.email)).toEqual(['ada@example.edu']);
    const totals = (await buildCompletionReport(store, content, at('2025-10-21'), 'all')).totals;
    expect({ required: totals.required, completed: totals.completed }).toEqual({ required: 2, completed: 1 });
    await store.close();
  });
});

/** A copy of the fixture with `file` edited as a content editor would. */
function edited(edits: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cycle-'));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const before = readFileSync(join(dir, file), 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit changed nothing in ${file}`);
    writeFileSync(join(dir, file), after);
  }
  return dir;
}

/** The line of `file` in `dir` that holds `text` (1-based). */
const lineOf = (dir: string, file: string, text: string) =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

const messages = (dir: string) => checkContent(dir).issues.map((i) => formatIssue(i).slice(dir.length + 1));

describe('the content check on a new cycle', () => {
  it('fails an answer whose hand-written date contradicts the schedule, at its line', () => {
    const dir = edited({
      'faq.yml': (t) => t.replace('({{deadline:all-schools}} for', '(November 20th for'),
    });
    const [message] = messages(dir);
    expect(message).toMatch(
      /^faq\.yml:\d+ entries\.6\.answer: states the date "November 20th", which is no window/,
    );
  });

  it('fails an answer that says five options when modules.yml lists three', () => {
    const dir = edited({
      'faq.yml': (t) =>
        t.replace('you can take all {{moduleCount}} options', 'you can take all five options'),
    });
    expect(messages(dir)).toEqual([
      expect.stringMatching(/entries\.3\.answer: says "five options", but modules\.yml lists 3/),
    ]);
  });

  it('fails a placeholder naming no group, listing the groups', () => {
    const dir = edited({ 'faq.yml': (t) => t.replace('{{deadline:all-schools}}', '{{deadline:everyone}}') });
    expect(messages(dir)).toEqual([
      expect.stringContaining(
        '{{deadline:everyone}}: unknown training group "everyone" (groups: all-schools, pilot, admin-and-research, hr-staff, graduate-students)',
      ),
    ]);
  });

  it('fails a bare number that restates a count modules.yml holds, whatever words surround it', () => {
    const dir = edited({
      'faq.yml': (t) =>
        t.replace('Yes, you can take all {{moduleCount}} options.', 'Yes, you can take all three.'),
    });
    expect(messages(dir)).toEqual([
      expect.stringMatching(
        /^faq\.yml:\d+ entries\.3\.answer: says "three", a count modules\.yml holds \(3 modules, 1 required\): write \{\{moduleCount\}\} instead$/,
      ),
    ]);
  });

  it('fails a hand-written date the schedule already holds, naming the placeholder to write', () => {
    const dir = edited({
      'faq.yml': (t) => t.replace('({{deadline:all-schools}} for', '(November 21st for'),
    });
    expect(messages(dir)).toEqual([
      expect.stringMatching(
        /^faq\.yml:\d+ entries\.6\.answer: restates the date "November 21st", which the content already holds: write \{\{deadline:all-schools\}\} instead$/,
      ),
    ]);
  });

  it.each([
    ['shortened', 'Nov. 21'],
    ['day first', '21 November'],
    ['day first, of', '21st of November'],
    ['as numbers, month first', '11/21'],
    ['as numbers, with the year', '11/21/2025'],
  ])('fails a deadline restated in another form (%s: %s), naming the placeholder', (_form, written) => {
    const dir = edited({
      'faq.yml': (t) => t.replace('({{deadline:all-schools}} for', `(${written} for`),
    });
    expect(messages(dir)).toEqual([
      `faq.yml:${lineOf(dir, 'faq.yml', `(${written} for`)} entries.6.answer: restates the date "${written}", which the content already holds: write {{deadline:all-schools}} instead`,
    ]);
  });

  it('fails a date in another form that is no window, at its line', () => {
    const dir = edited({ 'faq.yml': (t) => t.replace('({{deadline:all-schools}} for', '(20 Nov for') });
    expect(messages(dir)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^faq\\.yml:${lineOf(dir, 'faq.yml', '(20 Nov for')} entries\\.6\\.answer: states the date "20 Nov", which is no window's start or deadline`,
        ),
      ),
    ]);
  });

  it('warns about a group no one can reach, and still loads', () => {
    // Pilot becomes every graduate student with a year of study: more specific than the graduate group,
    // which then keeps no one.
    const dir = edited({
      'schedule.yml': (t) =>
        t.replace(
          `      - role: faculty
        department: [Fictional Linguistics, Example Chemistry]
      - role: staff
        area: school
        department: [Fictional Linguistics, Example Chemistry]`,
          '      - role: graduate_student\n        studyYearAtLeast: 1',
        ),
    });
    const { issues } = checkContent(dir);
    expect(issues.map((i) => [i.severity, i.path])).toEqual([['warning', 'groups.4.members']]);
    expect(issues[0]?.message).toContain('no one can reach group "graduate-students"');
    expect(issues[0]?.message).toContain('(pilot)');
    expect(() => loadContent(dir)).not.toThrow();
  });

  it('matches the most specific group whatever the order of schedule.yml', () => {
    // Without the schools' exception, the pilot departments' {role, department} still wins over {role},
    // listed before or after it.
    const noExcept = (t: string) =>
      t.replace('    except:\n      - department: [Fictional Linguistics, Example Chemistry]\n', '');
    const pilotFirst = (t: string) => {
      const pilot = t.slice(t.indexOf('  - id: pilot'), t.indexOf('  - id: admin-and-research'));
      return t.replace(pilot, '').replace('  - id: all-schools', `${pilot}  - id: all-schools`);
    };
    for (const edit of [noExcept, (t: string) => pilotFirst(noExcept(t))]) {
      const dir = edited({ 'schedule.yml': edit });
      expect(messages(dir)).toEqual([]);
      const edition = loadContent(dir);
      const groupOf = (p: Profile) => evaluateStatus(p, edition, at('2025-10-01')).group?.id;
      expect(groupOf(faculty('Fictional Linguistics'))).toBe('pilot');
      expect(groupOf(staff('school', 'Example Chemistry'))).toBe('pilot');
      expect(groupOf(faculty('History'))).toBe('all-schools');
      expect(groupOf(staff('school', 'History'))).toBe('all-schools');
    }
  });

  it('refuses two groups one person can match when neither is more specific, naming them and the person', () => {
    // Pilot staff by department alone: a staff member in the research area of a pilot department matches
    // pilot {role, department} and admin-and-research {role, area}.
    const dir = edited({
      'schedule.yml': (t) =>
        t.replace(
          '      - role: staff\n        area: school\n        department:',
          '      - role: staff\n        department:',
        ),
    });
    // Both conditions that match, each at its own line: pilot's second, admin-and-research's first.
    const lines = readFileSync(join(dir, 'schedule.yml'), 'utf8').split('\n');
    const lineAfter = (marker: string, text: string) =>
      lines.findIndex((l, i) => i > lines.indexOf(marker) && l === text) + 1;
    const pilot = lineAfter('  - id: pilot', '      - role: staff');
    const admin = lineAfter('  - id: admin-and-research', '      - role: staff');
    const file = join(dir, 'schedule.yml');
    const found = messages(dir);
    expect(found).toEqual([
      expect.stringMatching(
        /^schedule\.yml:\d+ groups\.2\.members\.0: groups "pilot" \(.+\) and "admin-and-research" \(.+\) can both match one person \(role staff, area (vpr|central_admin), department (Fictional Linguistics|Example Chemistry)\) and neither names more than the other/,
      ),
    ]);
    expect(found[0]).toMatch(new RegExp(`^schedule\\.yml:${admin} `));
    expect(found[0]).toContain(`"pilot" (${file}:${pilot}) and "admin-and-research" (${file}:${admin})`);
    expect(() => loadContent(dir)).toThrow(/can both match one person/);
  });

  it('reports a schema error and a cross-file error together, naming the allowed keys', () => {
    const dir = edited({
      'schedule.yml': (t) => t.replace('    members: roster', '    member: roster'),
      'faq.yml': (t) => t.replace('related: [training-requirement]\n', 'related: [training-requirment]\n'),
    });
    const found = messages(dir);
    expect(found).toEqual([
      expect.stringMatching(/^schedule\.yml:\d+ groups\.3\.members: missing: it is required/),
      expect.stringMatching(
        /^schedule\.yml:\d+ groups\.3: unknown key "member": allowed keys are id, name, who, members, except, window/,
      ),
      expect.stringMatching(
        /^faq\.yml:\d+ entries\.23\.related\.0: unknown FAQ entry "training-requirment" \(known: rollout-schedule, /,
      ),
    ]);
  });

  it('refuses a group condition that depends on the group itself', () => {
    const dir = edited({
      'schedule.yml': (t) =>
        t.replace(
          '      - role: graduate_student\n',
          '      - role: graduate_student\n        appointmentEndsByDeadline: true\n',
        ),
    });
    expect(messages(dir)).toEqual([
      expect.stringContaining('"appointmentEndsByDeadline" cannot decide a training group'),
    ]);
  });
});
