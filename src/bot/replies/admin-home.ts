// The admin section of the App Home, above the personal one, for admins and department admin officers:
// where their scope stands (per group and per department), the chart, the last imports, the last campaigns,
// and the buttons to send a reminder and to download the report as CSV.
import type { Overview } from '../../reports/overview.js';
import { formatRate, type ReportRow } from '../../reports/report.js';
import { plural } from '../../text/format.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import {
  type Button,
  button,
  buttons,
  divider,
  fields,
  heading,
  note,
  type Part,
  text,
} from '../../text/reply.js';
import { chartPart, reportScopeText, trendPhrase } from './report.js';

export const ADMIN_HOME_HEADING = 'Training administration';
export const SEND_REMINDER_BUTTON = 'Send a reminder';
export const DOWNLOAD_CSV_BUTTON = 'Download report (CSV)';
/** Departments listed on the Home; the CSV has every row. */
export const MAX_HOME_DEPARTMENTS = 60;
export const MAX_HOME_CAMPAIGNS = 5;

export interface ImportSummary {
  /** When, as the admin reads it (in the cycle's zone). */
  when: string;
  file: string;
  /** "18 rows: 17 recorded, 0 moved earlier, 1 unchanged, 0 not on the roster". */
  counts: string;
}

export interface CampaignLine {
  id: number;
  kind: 'reminder' | 'announcement';
  /** An admin's email, `cli:<user>` or `scheduler`. */
  by: string;
  when: string;
  sent: number;
  skipped: number;
  failed: number;
  /** Still going (or stopped, to be resumed). */
  running: boolean;
}

export interface AdminHomeInput {
  overview: Overview;
  /** May send reminders (admins): the "Send a reminder" button. */
  mayRemind: boolean;
  completionsImport: ImportSummary | null;
  rosterImport: { when: string; file: string } | null;
  campaigns: readonly CampaignLine[];
}

type Counts = Pick<ReportRow, 'required' | 'completed' | 'overdue' | 'rate'>;

function line(name: string, c: Counts): string {
  return `• *${escapeMrkdwn(name)}*: ${c.completed} of ${c.required} (${formatRate(c.rate)}) · ${c.overdue} overdue`;
}

function sumRows(rows: readonly ReportRow[], key: (r: ReportRow) => string): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const r of rows) {
    const c = out.get(key(r)) ?? { required: 0, completed: 0, overdue: 0, rate: null };
    c.required += r.required;
    c.completed += r.completed;
    c.overdue += r.overdue;
    c.rate = c.required === 0 ? null : c.completed / c.required;
    out.set(key(r), c);
  }
  return out;
}

export function adminHomeParts(input: AdminHomeInput): Part[] {
  const { report, trend, chart } = input.overview;
  const t = report.totals;
  const scope = reportScopeText(report);
  const parts: Part[] = [
    heading(ADMIN_HOME_HEADING),
    note(`Scope: ${escapeMrkdwn(scope)} · as of ${report.today} · only you can see this section.`),
    fields([
      ['Required', String(t.required)],
      ['Completed', `${t.completed} (${formatRate(t.rate)})`],
      ['Outstanding', String(t.outstanding)],
      ['Overdue', String(t.overdue)],
    ]),
  ];
  if (trend) parts.push(text(`*Trend:* ${trendPhrase(trend)}`));

  const byGroup = sumRows(report.rows, (r) => r.group);
  if (byGroup.size > 0)
    parts.push(text(`*By training group*\n${[...byGroup].map(([g, c]) => line(g, c)).join('\n')}`));
  const byDepartment = [...sumRows(report.rows, (r) => r.department)].sort(([a], [b]) => a.localeCompare(b));
  if (byDepartment.length > 0) {
    const shown = byDepartment.slice(0, MAX_HOME_DEPARTMENTS).map(([d, c]) => line(d, c));
    parts.push(text(`*By department*\n${shown.join('\n')}`));
    if (byDepartment.length > MAX_HOME_DEPARTMENTS)
      parts.push(
        note(
          `…and ${plural(byDepartment.length - MAX_HOME_DEPARTMENTS, 'more department')}: the CSV has every group and department.`,
        ),
      );
  }
  if (chart) parts.push(chartPart(chart));

  const imports: string[] = [];
  const ci = input.completionsImport;
  imports.push(
    ci
      ? `Completions (LMS): ${ci.when}, ${escapeMrkdwn(ci.file)}: ${ci.counts}.`
      : 'Completions (LMS): no import recorded yet.',
  );
  const ri = input.rosterImport;
  imports.push(ri ? `Roster (HR): ${ri.when}, ${escapeMrkdwn(ri.file)}.` : 'Roster (HR): no import yet.');
  parts.push(text(`*Last imports*\n${imports.join('\n')}`));

  if (input.campaigns.length > 0) {
    const lines = input.campaigns
      .slice(0, MAX_HOME_CAMPAIGNS)
      .map(
        (c) =>
          `• #${c.id} ${c.kind} by ${escapeMrkdwn(c.by)}, ${c.when}: ${c.sent} sent · ${c.skipped} skipped · ${c.failed} failed${c.running ? ' (not finished)' : ''}`,
      );
    parts.push(text(`*Last campaigns*\n${lines.join('\n')}`));
  } else parts.push(text('*Last campaigns*\nNone sent yet.'));

  const row: Button[] = [];
  if (input.mayRemind) row.push(button(SEND_REMINDER_BUTTON, { kind: 'open-remind' }, 'primary'));
  row.push(button(DOWNLOAD_CSV_BUTTON, { kind: 'download-report' }));
  parts.push(buttons(row, 'admin_actions'), divider());
  return parts;
}
