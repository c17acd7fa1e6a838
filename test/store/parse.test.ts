// Reading the HR roster and the LMS report: every problem reported as `FILE:<line> <column>: <problem> (got "…")`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { formatImportIssue, parseCompletions, parseRoster, ROSTER_COLUMNS } from '../../src/store/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const FIXTURES = resolve(import.meta.dirname, '../fixtures/csv');
/** The columns a roster must have: those before the Slack id (the rest may be left out). */
const REQUIRED = ROSTER_COLUMNS.slice(0, ROSTER_COLUMNS.indexOf('slack_user_id'));
const HEADER = REQUIRED.join(',');
const GOOD = 'ada@example.edu,Ada Example,faculty,yes,,2012-09-01,,,,school,,Imaginary Physics,no';

/** A roster with one row changed: `column=value` pairs over GOOD. */
function rosterRow(changes: Record<string, string>): string {
  const cells = GOOD.split(',');
  for (const [column, value] of Object.entries(changes)) {
    cells[ROSTER_COLUMNS.indexOf(column as (typeof ROSTER_COLUMNS)[number])] = value;
  }
  return cells.join(',');
}

function rosterProblems(text: string | Buffer, file = 'r.csv'): string[] {
  return parseRoster(text, file, content).issues.map(formatImportIssue);
}

describe('roster rows', () => {
  it.each([
    [
      'an unknown role',
      { role: 'professor' },
      'r.csv:2 role: unknown role, expected one of faculty, staff, graduate_student, other (got "professor")',
    ],
    [
      'a boolean that is not one',
      { paid: 'maybe' },
      'r.csv:2 paid: must be true/false, yes/no or 1/0 (got "maybe")',
    ],
    [
      'an impossible date',
      { start_date: '2021-02-30' },
      'r.csv:2 start_date: must be a date YYYY-MM-DD (got "2021-02-30")',
    ],
    [
      'a date in another format',
      { appointment_end: '03/04/2021' },
      'r.csv:2 appointment_end: must be a date YYYY-MM-DD (got "03/04/2021")',
    ],
    [
      'a year of study in words',
      { study_year: 'two' },
      'r.csv:2 study_year: must be a whole number from 1 to 15 (got "two")',
    ],
    [
      'a year of study of 0',
      { study_year: '0' },
      'r.csv:2 study_year: must be a whole number from 1 to 15 (got "0")',
    ],
    [
      'a malformed email',
      { email: 'ada-at-example' },
      'r.csv:2 email: must be an e-mail address (got "ada-at-example")',
    ],
    ['a missing email', { email: '' }, 'r.csv:2 email: is required (got "")'],
    ['a missing role', { role: '' }, 'r.csv:2 role: is required (got "")'],
    [
      'an unknown area',
      { area: 'moon' },
      'r.csv:2 area: unknown area, expected one of school, vpr, central_admin (got "moon")',
    ],
    [
      'an unknown training group',
      { group: 'everyone' },
      'r.csv:2 group: unknown training group, expected one of graduate-students, all-schools, vp-research, central-academic-admin (got "everyone")',
    ],
    [
      'an unknown leave',
      { leave: 'holiday' },
      'r.csv:2 leave: unknown leave, expected one of sabbatical, junior_faculty_leave (got "holiday")',
    ],
  ])('reports %s', (_, changes, message) => {
    expect(rosterProblems(`${HEADER}\n${rosterRow(changes)}\n`)).toEqual([message]);
  });

  it('reports a duplicate email, whatever its case, against the first line that has it', () => {
    const text = `${HEADER}\n${GOOD}\n${rosterRow({ email: 'bo@example.edu' })}\n${rosterRow({ email: 'ADA@example.edu' })}\n`;
    expect(rosterProblems(text)).toEqual(['r.csv:4 email: duplicate of line 2 (got "ada@example.edu")']);
  });

  it('reads the columns deadlines relative to the person need, and reports each bad one', () => {
    const header = `${HEADER},role_start,seasonal,hours_worked,slack_time_zone`;
    const good = parseRoster(
      `${header}\n${GOOD},2020-03-01,Yes,37.5,America/Los_Angeles\n${rosterRow({ email: 'bo@example.edu' })},,,,\n`,
      'r.csv',
      content,
    );
    expect(good.issues).toEqual([]);
    expect(good.records[0]?.profile).toMatchObject({
      roleStart: '2020-03-01',
      seasonal: true,
      hoursWorked: 37.5,
      timeZone: 'America/Los_Angeles',
    });
    // Left empty: the role began on the start date, regular work, hours and zone not known.
    expect(Object.keys(good.records[1]?.profile ?? {})).not.toEqual(
      expect.arrayContaining(['roleStart', 'seasonal', 'hoursWorked', 'timeZone']),
    );
    expect(rosterProblems(`${header}\n${GOOD},2020-02-30,temp,ninety,Mars/Olympus\n`)).toEqual([
      'r.csv:2 role_start: must be a date YYYY-MM-DD (got "2020-02-30")',
      'r.csv:2 seasonal: must be true/false, yes/no or 1/0 (got "temp")',
      'r.csv:2 hours_worked: must be a number of hours such as 90 or 37.5 (got "ninety")',
      'r.csv:2 slack_time_zone: must be an IANA time zone such as America/Los_Angeles (got "Mars/Olympus")',
    ]);
  });

  it('reports a malformed or repeated Slack user id', () => {
    const header = `${HEADER},slack_user_id`;
    const text = `${header}\n${GOOD},U0AAA1\n${rosterRow({ email: 'bo@example.edu' })},U0AAA1\n${rosterRow({ email: 'cy@example.edu' })},someone\n`;
    expect(rosterProblems(text)).toEqual([
      'r.csv:3 slack_user_id: the same Slack user as line 2 (got "U0AAA1")',
      'r.csv:4 slack_user_id: must be a Slack user id such as U012AB3CD (got "someone")',
    ]);
  });

  it('reports every bad row and every bad cell, not just the first', () => {
    const text = [
      HEADER,
      GOOD,
      rosterRow({ email: 'b@example.edu', role: 'dean', paid: 'sometimes' }),
      rosterRow({ email: 'c@example.edu' }),
      rosterRow({ email: 'd@example.edu', start_date: 'yesterday' }),
    ].join('\n');
    expect(rosterProblems(text)).toEqual([
      'r.csv:3 role: unknown role, expected one of faculty, staff, graduate_student, other (got "dean")',
      'r.csv:3 paid: must be true/false, yes/no or 1/0 (got "sometimes")',
      'r.csv:5 start_date: must be a date YYYY-MM-DD (got "yesterday")',
    ]);
  });

  it('reports a row with the wrong number of fields, and keeps checking the others', () => {
    const short = GOOD.split(',').slice(0, -1).join(',').replace('ada@', 'bo@');
    const text = `${HEADER}\n${GOOD}\n${short}\n${rosterRow({ email: 'cy@example.edu', role: 'x' })}\n`;
    expect(rosterProblems(text)).toEqual([
      `r.csv:3: has 12 fields, the header has 13 (got "${short}")`,
      'r.csv:4 role: unknown role, expected one of faculty, staff, graduate_student, other (got "x")',
    ]);
  });

  it('counts lines from where a record starts when a quoted field spans lines', () => {
    const text = `${HEADER}\n${rosterRow({ name: '"Ada\nExample"' })}\n${rosterRow({ email: 'bo@example.edu', role: 'x' })}\n`;
    expect(rosterProblems(text)).toEqual([
      'r.csv:4 role: unknown role, expected one of faculty, staff, graduate_student, other (got "x")',
    ]);
  });

  it('turns a good row into a profile, with booleans in any accepted spelling and empty cells left out', () => {
    const { records, issues } = parseRoster(
      `${HEADER}\n${rosterRow({ email: 'Ada@Example.edu', paid: 'TRUE', supervisor: '0', graduating: '' })}\n`,
      'r.csv',
      content,
    );
    expect(issues).toEqual([]);
    expect(records).toEqual([
      {
        line: 2,
        profile: {
          email: 'ada@example.edu',
          name: 'Ada Example',
          role: 'faculty',
          paid: true,
          startDate: '2012-09-01',
          area: 'school',
          department: 'Imaginary Physics',
          supervisor: false,
        },
      },
    ]);
  });
});

describe('roster files', () => {
  it('reads a BOM, CRLF line ends and quoted fields with commas', () => {
    const file = join(FIXTURES, 'bom-crlf-quoted.csv');
    const { records, issues } = parseRoster(readFileSync(file), file, content);
    expect(issues).toEqual([]);
    expect(
      records.map((r) => [r.line, r.profile.email, r.profile.name, r.profile.department, r.profile.paid]),
    ).toEqual([
      [2, 'ada.crlf@example.edu', 'Crlf, Ada', 'Physics, Imaginary', true],
      [3, 'bo.crlf@example.edu', 'Bo Crlf', 'Research Administration (Demo)', true],
    ]);
  });

  it.each([
    [
      'empty.csv',
      'empty.csv:1: the file is empty: expected a header row with the columns email, name, role, paid, study_year, start_date, appointment_end, leave, graduating, area, group, department, supervisor',
    ],
    ['header-only.csv', 'header-only.csv:1: no records after the header row'],
    ['binary.csv', 'binary.csv:1: not a CSV text file: it holds binary data (a NUL byte at byte 8)'],
    [
      'semicolons.csv',
      'semicolons.csv:1: not comma-separated: the header is one column, and it looks separated by ";"; save it as CSV with commas (got "email;name;role;paid")',
    ],
  ])('refuses %s', (name, message) => {
    expect(rosterProblems(readFileSync(join(FIXTURES, name)), name)).toEqual([message]);
  });

  it('refuses a file that is not UTF-8 text', () => {
    expect(rosterProblems(Buffer.from([0x65, 0x6d, 0xff, 0xfe, 0x0a]))).toEqual([
      'r.csv:1: not a CSV text file: it is not UTF-8 text',
    ]);
  });

  it('reads tab-separated files as a wrong delimiter', () => {
    expect(rosterProblems('email\tname\trole\na@example.edu\tA\tstaff\n')).toEqual([
      'r.csv:1: not comma-separated: the header is one column, and it looks separated by tabs; save it as CSV with commas (got "email\tname\trole")',
    ]);
  });

  it('names unknown, repeated and missing columns, in any column order', () => {
    expect(rosterProblems('role,email,nickname,role\nstaff,a@example.edu,Al,staff\n')).toEqual([
      `r.csv:1 nickname: unknown column, expected only ${ROSTER_COLUMNS.join(', ')} (got "nickname")`,
      'r.csv:1 role: the column appears twice',
      ...REQUIRED.filter((c) => c !== 'email' && c !== 'role').map(
        (c) => `r.csv:1 ${c}: missing column: it is required`,
      ),
    ]);
  });

  it('takes the columns in any order', () => {
    const columns = [...REQUIRED].reverse();
    const cells = GOOD.split(',').reverse();
    const { records, issues } = parseRoster(`${columns.join(',')}\n${cells.join(',')}\n`, 'r.csv', content);
    expect(issues).toEqual([]);
    expect(records[0]?.profile).toMatchObject({ email: 'ada@example.edu', role: 'faculty', area: 'school' });
  });
});

describe('completion reports', () => {
  const problems = (text: string) => parseCompletions(text, 'c.csv', content).issues.map(formatImportIssue);

  it.each([
    [
      'an unknown module',
      'a@example.edu,F,2021-02-01',
      'c.csv:2 module: unknown module, expected one of A, B, C, D, E (got "F")',
    ],
    [
      'a bad date',
      'a@example.edu,C,2021-14-01',
      'c.csv:2 completed_on: must be a date YYYY-MM-DD (got "2021-14-01")',
    ],
    ['a missing date', 'a@example.edu,C,', 'c.csv:2 completed_on: is required (got "")'],
    [
      'a malformed email',
      'a.example.edu,C,2021-02-01',
      'c.csv:2 email: must be an e-mail address (got "a.example.edu")',
    ],
  ])('reports %s', (_, row, message) => {
    expect(problems(`email,module,completed_on\n${row}\n`)).toEqual([message]);
  });

  it('accepts the same person several times (several modules, several reports)', () => {
    const { records, issues } = parseCompletions(
      'completed_on,email,module\n2021-02-01,a@example.edu,C\n2021-01-20,A@example.edu,C\n2021-03-01,a@example.edu,E\n',
      'c.csv',
      content,
    );
    expect(issues).toEqual([]);
    expect(records.map((r) => `${r.line} ${r.email} ${r.module} ${r.completedOn}`)).toEqual([
      '2 a@example.edu C 2021-02-01',
      '3 a@example.edu C 2021-01-20',
      '4 a@example.edu E 2021-03-01',
    ]);
  });

  it('refuses a header-only report', () => {
    expect(problems('email,module,completed_on\r\n')).toEqual(['c.csv:1: no records after the header row']);
  });

  it('rejects a completion dated after the import day, at its line, and takes one dated that day', () => {
    const { records, issues } = parseCompletions(
      'email,module,completed_on\na@example.edu,C,2021-02-10\nb@example.edu,C,2021-02-11\nc@example.edu,A,2099-01-01\n',
      'c.csv',
      content,
      { today: '2021-02-10' },
    );
    expect(issues.map(formatImportIssue)).toEqual([
      'c.csv:3 completed_on: is after today (2021-02-10): a completion cannot be in the future (got "2021-02-11")',
      'c.csv:4 completed_on: is after today (2021-02-10): a completion cannot be in the future (got "2099-01-01")',
    ]);
    expect(records.map((r) => r.line)).toEqual([2]);
  });
});
