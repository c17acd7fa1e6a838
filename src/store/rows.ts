// Turns the rows of the HR roster and the LMS report into typed records, one zod schema per column.
import { z } from 'zod';
import { cycleOpens } from '../content/group.js';
import type { Content } from '../content/load.js';
import { Profile, unknownName } from '../content/profile.js';
import { IsoDate } from '../content/schemas.js';
import { type CsvRow, type CsvSpec, type ImportIssue, readCsv } from './csv.js';

/** A person as the roster states them: a profile without completion, plus an optional Slack id. */
export interface RosterRecord {
  line: number;
  profile: Profile & { email: string };
  slackUserId?: string;
}

export interface CompletionRecord {
  line: number;
  email: string;
  module: string;
  completedOn: string;
  /** An earlier cycle's name (schedule.yml `earlierCycles`) when the row belongs to it; else this cycle. */
  cycle?: string;
}

export const ROSTER_COLUMNS = [
  'email',
  'name',
  'role',
  'paid',
  'study_year',
  'start_date',
  'appointment_end',
  'leave',
  'graduating',
  'area',
  'group',
  'department',
  'supervisor',
  'slack_user_id',
  // What deadlines relative to the person read (policy.yml `deadlines`); a roster without them is read as
  // before: the role began on the start date, regular work, hours not known.
  'role_start',
  'seasonal',
  'hours_worked',
  'slack_time_zone',
] as const;
/** The columns a roster file may leave out: the Slack id and the facts only some contents read. */
const OPTIONAL_ROSTER_COLUMNS: readonly string[] = [
  'slack_user_id',
  'role_start',
  'seasonal',
  'hours_worked',
  'slack_time_zone',
];
export const ROSTER_SPEC: CsvSpec = {
  columns: ROSTER_COLUMNS,
  required: ROSTER_COLUMNS.filter((c) => !OPTIONAL_ROSTER_COLUMNS.includes(c)),
};

export const COMPLETION_COLUMNS = ['email', 'module', 'completed_on'] as const;
export const COMPLETIONS_SPEC: CsvSpec = { columns: COMPLETION_COLUMNS, required: COMPLETION_COLUMNS };

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

const Email = z
  .string()
  .transform((v) => v.toLowerCase())
  .pipe(z.email({ message: 'must be an e-mail address' }));
const Bool = z.string().transform((v, ctx) => {
  const lower = v.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  ctx.addIssue({ code: 'custom', message: 'must be true/false, yes/no or 1/0' });
  return z.NEVER;
});
const StudyYear = z
  .string()
  .regex(/^\d+$/, 'must be a whole number from 1 to 15')
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(1, 'must be a whole number from 1 to 15')
      .max(15, 'must be a whole number from 1 to 15'),
  );
const oneOf = <T extends string>(values: readonly T[], what: string, message?: string) =>
  z.string().refine((v): v is T => (values as readonly string[]).includes(v), {
    message: message ?? `unknown ${what}, expected one of ${values.join(', ')}`,
  });
const SlackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U012AB3CD');
const Hours = z
  .string()
  .regex(/^\d+(?:\.\d+)?$/, 'must be a number of hours such as 90 or 37.5')
  .transform(Number);
const TimeZone = Profile.shape.timeZone.unwrap();

/**
 * Reads and validates a roster file; `issues` lists every problem, and `records` is usable only when it is
 * empty. A role, area, leave or group must be one the content declares (policy.yml `roles`, `areas` and
 * `leaves`, schedule.yml `groups`).
 */
export function parseRoster(
  data: Buffer | string,
  file: string,
  content: Pick<Content, 'schedule' | 'policy'>,
): { records: RosterRecord[]; issues: ImportIssue[] } {
  const { rows, issues } = readCsv(data, file, ROSTER_SPEC);
  const groups = content.schedule.groups.map((g) => g.id);
  const roles = content.policy.roles.map((r) => r.id);
  const areas = content.policy.areas.map((a) => a.id);
  const leaves = content.policy.leaves.map((l) => l.id);
  const columns = {
    email: Email,
    name: z.string(),
    role: oneOf(roles, 'role', unknownName('role', 'roles', roles)),
    paid: Bool,
    study_year: StudyYear,
    start_date: IsoDate,
    appointment_end: IsoDate,
    leave: oneOf(leaves, 'leave', unknownName('leave', 'leaves', leaves)),
    graduating: Bool,
    area: oneOf(areas, 'area', unknownName('area', 'areas', areas)),
    group: oneOf(groups, 'training group'),
    department: z.string(),
    supervisor: Bool,
    slack_user_id: SlackUserId,
    role_start: IsoDate,
    seasonal: Bool,
    hours_worked: Hours,
    slack_time_zone: TimeZone,
  } satisfies Record<(typeof ROSTER_COLUMNS)[number], z.ZodType>;

  const records: RosterRecord[] = [];
  const firstLineOf = new Map<string, number>();
  const slackIdLine = new Map<string, number>();
  for (const row of rows) {
    const v = parseColumns(row, columns, ['email', 'role'], file, issues);
    if (!v) continue;
    const email = v.email as string;
    const earlier = firstLineOf.get(email);
    if (earlier !== undefined) {
      issues.push({
        file,
        line: row.line,
        column: 'email',
        problem: `duplicate of line ${earlier}`,
        value: email,
      });
      continue;
    }
    firstLineOf.set(email, row.line);
    const slackUserId = v.slack_user_id as string | undefined;
    if (slackUserId) {
      const other = slackIdLine.get(slackUserId);
      if (other !== undefined) {
        issues.push({
          file,
          line: row.line,
          column: 'slack_user_id',
          problem: `the same Slack user as line ${other}`,
          value: slackUserId,
        });
        continue;
      }
      slackIdLine.set(slackUserId, row.line);
    }
    const candidate = defined({
      email,
      name: v.name,
      role: v.role,
      paid: v.paid,
      studyYear: v.study_year,
      startDate: v.start_date,
      appointmentEnd: v.appointment_end,
      leave: v.leave,
      graduating: v.graduating,
      area: v.area,
      group: v.group,
      department: v.department,
      supervisor: v.supervisor,
      roleStart: v.role_start,
      seasonal: v.seasonal,
      hoursWorked: v.hours_worked,
      timeZone: v.slack_time_zone,
    });
    // The columns above were each checked; this guards against the two drifting apart.
    const profile = Profile.safeParse(candidate);
    if (!profile.success) {
      for (const issue of profile.error.issues) {
        issues.push({ file, line: row.line, problem: `${issue.path.join('.')}: ${issue.message}` });
      }
      continue;
    }
    records.push({
      line: row.line,
      profile: profile.data as Profile & { email: string },
      ...(slackUserId ? { slackUserId } : {}),
    });
  }
  return { records, issues: byLine(issues) };
}

export interface CompletionsParseOptions {
  /**
   * The import's day (YYYY-MM-DD in the cycle's time zone): a completion dated after it is a bad row, since
   * counting it would tell the person they are done and stop their reminders.
   */
  today?: string;
}

/**
 * Reads and validates an LMS completion report. A row of this cycle's module, on or after its first window,
 * is this cycle's; a module of an earlier cycle (schedule.yml `earlierCycles`), or one dated before this cycle,
 * is recorded under that earlier cycle and listed in `notes`, not as a problem: a report naturally holds them.
 */
export function parseCompletions(
  data: Buffer | string,
  file: string,
  content: Pick<Content, 'modules' | 'schedule'>,
  options: CompletionsParseOptions = {},
): { records: CompletionRecord[]; issues: ImportIssue[]; notes: ImportIssue[] } {
  const { today } = options;
  const { rows, issues } = readCsv(data, file, COMPLETIONS_SPEC);
  const current = content.modules.modules.map((m) => m.id);
  const earlier = content.schedule.earlierCycles;
  const known = [...new Set([...current, ...earlier.flatMap((c) => c.modules)])];
  const opens = cycleOpens(content);
  const columns = {
    email: Email,
    module: oneOf(known, 'module'),
    completed_on:
      today === undefined
        ? IsoDate
        : IsoDate.refine((day) => day <= today, {
            message: `is after today (${today}): a completion cannot be in the future`,
          }),
  } satisfies Record<(typeof COMPLETION_COLUMNS)[number], z.ZodType>;
  const records: CompletionRecord[] = [];
  const notes: ImportIssue[] = [];
  for (const row of rows) {
    const v = parseColumns(row, columns, COMPLETION_COLUMNS, file, issues);
    if (!v) continue;
    const module = v.module as string;
    const completedOn = v.completed_on as string;
    const record: CompletionRecord = { line: row.line, email: v.email as string, module, completedOn };
    const offered = current.includes(module);
    if (!offered || completedOn < opens) {
      const cycle = earlier.find((c) => c.modules.includes(module));
      if (cycle) {
        record.cycle = cycle.name;
        notes.push({
          file,
          line: row.line,
          column: offered ? 'completed_on' : 'module',
          problem: offered
            ? `before this cycle's first window (${opens}): recorded as a completion of ${cycle.label}`
            : `Course ${module} is not offered in this cycle: recorded as a completion of ${cycle.label}`,
          value: offered ? completedOn : module,
        });
      }
    }
    records.push(record);
  }
  return { records, issues: byLine(issues), notes };
}

function byLine(issues: ImportIssue[]): ImportIssue[] {
  return issues.sort((a, b) => a.line - b.line);
}

/** Each non-empty cell through its column's schema; null when any cell is bad (its issues are pushed). */
function parseColumns(
  row: CsvRow,
  columns: Record<string, z.ZodType>,
  required: readonly string[],
  file: string,
  issues: ImportIssue[],
): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [column, schema] of Object.entries(columns)) {
    const raw = row.values[column];
    if (raw === undefined || raw === '') {
      if (required.includes(column)) {
        issues.push({ file, line: row.line, column, problem: 'is required', value: raw ?? '' });
        ok = false;
      }
      continue;
    }
    const result = schema.safeParse(raw);
    if (result.success) out[column] = result.data;
    else {
      issues.push({
        file,
        line: row.line,
        column,
        problem: result.error.issues[0]?.message ?? 'invalid',
        value: raw,
      });
      ok = false;
    }
  }
  return ok ? out : null;
}

/** Drops undefined keys: the profile schema is strict about optional fields. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
