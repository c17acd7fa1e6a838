// The completion report ("a training status completion report that is refreshed nightly"): per training group
// and department, who is required, who has completed, who is outstanding and overdue. Admins see every
// department, department admin officers theirs; names of outstanding people only to them, only privately.
import type { Content } from '../content/load.js';
import { evaluateStatus, type StatusState } from '../rules/index.js';
import type { Person, Store } from '../store/index.js';

export interface ReportRow {
  groupId: string | null;
  /** The group's name, or NO_GROUP for required people whose group cannot be told. */
  group: string;
  department: string;
  required: number;
  completed: number;
  outstanding: number;
  overdue: number;
  /** completed / required, 0..1; null when nobody is required. */
  rate: number | null;
}

export interface OutstandingPerson {
  name: string;
  email: string;
  department: string;
  group: string;
  state: StatusState;
  deadline: string | null;
}

export interface CompletionReport {
  /** 'all' for an admin, else the departments the viewer may see. */
  scope: 'all' | string[];
  /** The day the report is for, in the cycle's time zone. */
  today: string;
  rows: ReportRow[];
  totals: Omit<ReportRow, 'groupId' | 'group' | 'department'>;
  /** Outstanding people, by department, group and name. */
  outstanding: OutstandingPerson[];
}

export const NO_GROUP = 'No group (cannot be told)';
export const NO_DEPARTMENT = '(no department)';
function rate(completed: number, required: number): number | null {
  return required === 0 ? null : completed / required;
}

/** Adds people one at a time and makes the report at the end: the same for all at once or in slices. */
function createReportAccumulator(
  content: Content,
  now: Date,
  departments: 'all' | string[],
): { add(person: Person): void; finish(): CompletionReport } {
  const rows = new Map<string, ReportRow>();
  const outstanding: OutstandingPerson[] = [];
  let today = '';
  return {
    add(person) {
      const status = evaluateStatus(person.profile, content, now);
      today = status.today;
      // The report counts people who must take it; "cannot be told" is not counted as required.
      if (status.required !== true) return;
      const department = person.profile.department ?? NO_DEPARTMENT;
      const group = status.group?.name ?? NO_GROUP;
      const key = `${status.group?.id ?? ''}\u0000${department}`;
      const row = rows.get(key) ?? {
        groupId: status.group?.id ?? null,
        group,
        department,
        required: 0,
        completed: 0,
        outstanding: 0,
        overdue: 0,
        rate: null,
      };
      row.required += 1;
      if (status.completed) row.completed += 1;
      else {
        row.outstanding += 1;
        if (status.state === 'overdue') row.overdue += 1;
        outstanding.push({
          name: person.profile.name ?? person.profile.email,
          email: person.profile.email,
          department,
          group,
          state: status.state,
          deadline: status.deadline,
        });
      }
      rows.set(key, row);
    },
    finish() {
      const order = content.schedule.groups.map((g) => g.id);
      const groupIndex = (id: string | null) => (id === null ? order.length : order.indexOf(id));
      const sorted = [...rows.values()]
        .map((r) => ({ ...r, rate: rate(r.completed, r.required) }))
        .sort(
          (a, b) => groupIndex(a.groupId) - groupIndex(b.groupId) || a.department.localeCompare(b.department),
        );
      const sum = (k: 'required' | 'completed' | 'outstanding' | 'overdue') =>
        sorted.reduce((n, r) => n + r[k], 0);
      const totals = {
        required: sum('required'),
        completed: sum('completed'),
        outstanding: sum('outstanding'),
        overdue: sum('overdue'),
        rate: rate(sum('completed'), sum('required')),
      };
      outstanding.sort(
        (a, b) =>
          a.department.localeCompare(b.department) ||
          a.group.localeCompare(b.group) ||
          a.name.localeCompare(b.name),
      );
      return {
        scope: departments,
        today: today || now.toISOString().slice(0, 10),
        rows: sorted,
        totals,
        outstanding,
      };
    },
  };
}

export async function buildCompletionReport(
  store: Pick<Store, 'listPeople'>,
  content: Content,
  now: Date,
  departments: 'all' | string[],
): Promise<CompletionReport> {
  const report = createReportAccumulator(content, now, departments);
  for (const person of await store.listPeople(scopeFilter(departments))) report.add(person);
  return report.finish();
}

/** People read from the store at a time. */
export const REPORT_PAGE = 100;
/** Work between two yields to the event loop: about what one request's own work takes. */
export const REPORT_SLICE_MS = 4;

/**
 * The same report, built a page of REPORT_PAGE people at a time, yielding to the event loop whenever
 * REPORT_SLICE_MS of work have passed: a 100,000-person report takes a little longer, and the acks of
 * everyone else's requests do not wait behind it (the Slack app).
 */
export async function buildCompletionReportInSlices(
  store: Pick<Store, 'listPeople'>,
  content: Content,
  now: Date,
  departments: 'all' | string[],
  page = REPORT_PAGE,
): Promise<CompletionReport> {
  const report = createReportAccumulator(content, now, departments);
  let afterEmail: string | undefined;
  let sliceStarted = performance.now();
  for (;;) {
    const people = await store.listPeople({
      ...scopeFilter(departments),
      limit: page,
      ...(afterEmail === undefined ? {} : { afterEmail }),
    });
    for (const person of people) report.add(person);
    if (people.length < page) break;
    afterEmail = people.at(-1)?.profile.email;
    if (performance.now() - sliceStarted >= REPORT_SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
  return report.finish();
}

function scopeFilter(departments: 'all' | string[]) {
  return { active: true, ...(departments === 'all' ? {} : { department: departments }) } as const;
}

/** A report's scope in a file name: `all`, or its departments, lower-case and dashed (at most 60 characters). */
export function scopeFileSlug(scope: 'all' | readonly string[]): string {
  const text = scope === 'all' ? 'all' : scope.join('-');
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'scope'
  );
}

export function formatRate(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 1000) / 10}%`;
}

export const CSV_COLUMNS = [
  'group',
  'department',
  'required',
  'completed',
  'outstanding',
  'overdue',
  'completion_rate',
] as const;

/**
 * One CSV cell. A cell starting with = + - @ (or a tab or carriage return) is read as a formula by Excel and
 * LibreOffice (`=HYPERLINK(…)` in a department name): a leading apostrophe keeps it text (OWASP's advice).
 */
export function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV with a header, plus a total line; the rate as a fraction with three decimals. */
export function reportCsv(report: CompletionReport): string {
  const line = (group: string, department: string, r: Omit<ReportRow, 'groupId' | 'group' | 'department'>) =>
    [
      group,
      department,
      r.required,
      r.completed,
      r.outstanding,
      r.overdue,
      r.rate === null ? '' : r.rate.toFixed(3),
    ]
      .map((v) => csvField(String(v)))
      .join(',');
  return `${[
    CSV_COLUMNS.join(','),
    ...report.rows.map((r) => line(r.group, r.department, r)),
    line('All', report.scope === 'all' ? 'All' : report.scope.join('; '), report.totals),
  ].join('\n')}\n`;
}
