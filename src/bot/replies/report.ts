// The completion report as a private message: the totals for the viewer's scope, then one paragraph per
// training group with a line per department, then (only in this private reply) who is still outstanding.
import type { ChartFile } from '../../reports/chart-data.js';
import { type CompletionReport, formatRate, type ReportRow } from '../../reports/report.js';
import { type Trend, trendText } from '../../reports/snapshots.js';
import { plural } from '../../text/format.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import { heading, image, type Message, note, type Part, text } from '../../text/reply.js';

/** How many outstanding names one message lists; the CLI has the rest. */
export const MAX_NAMES = 100;

function figures(r: Pick<ReportRow, 'required' | 'completed' | 'outstanding' | 'overdue' | 'rate'>): string {
  return `${r.completed} of ${r.required} done (${formatRate(r.rate)}) · ${r.outstanding} outstanding · ${r.overdue} overdue`;
}

export function reportScopeText(report: CompletionReport): string {
  return report.scope === 'all'
    ? 'all departments'
    : `${report.scope.length === 1 ? 'the department' : 'the departments'} ${report.scope.join(', ')}`;
}

/** "+4.2 points since last week (49.1% on 2021-02-03)". */
export function trendPhrase(trend: Trend): string {
  return `${trendText(trend)} (${formatRate(trend.rateThen)} on ${trend.since})`;
}

/** The chart as a reply part. */
export function chartPart(chart: ChartFile): Part {
  return image({
    title: `${chart.input.title}, ${chart.input.subtitle ?? ''}`.replace(/, $/, ''),
    alt: chart.alt,
    filename: chart.filename,
    chart: chart.input,
  });
}

export interface ReportExtras {
  /** How the rate moved since a week ago, from the snapshots. */
  trend?: Trend | null;
  /** The completion chart of the scope, shown under the totals. */
  chart?: ChartFile | null;
}

export function reportMessage(report: CompletionReport, extras: ReportExtras = {}): Message {
  const scope = reportScopeText(report);
  const t = report.totals;
  const trend = extras.trend ? ` · ${trendPhrase(extras.trend)}` : '';
  const parts: Part[] = [
    heading(`Training completion as of ${report.today}`),
    note(`Scope: ${escapeMrkdwn(scope)}. Only you can see this.`),
    text(`*All of ${escapeMrkdwn(scope)}:* ${figures(t)}${trend}`),
  ];
  if (extras.chart) parts.push(chartPart(extras.chart));
  const groups = new Map<string, ReportRow[]>();
  for (const row of report.rows) groups.set(row.group, [...(groups.get(row.group) ?? []), row]);
  for (const [group, rows] of groups) {
    const lines = rows.map((r) => `• ${escapeMrkdwn(r.department)}: ${figures(r)}`);
    parts.push(text(`*${escapeMrkdwn(group)}*\n${lines.join('\n')}`));
  }
  if (report.outstanding.length > 0) {
    const names = report.outstanding
      .slice(0, MAX_NAMES)
      .map(
        (p) =>
          `• ${escapeMrkdwn(p.name)} (${escapeMrkdwn(p.department)}, ${escapeMrkdwn(p.group)}${p.state === 'overdue' ? ', overdue' : ''})`,
      );
    parts.push(text(`*Still outstanding (${report.outstanding.length})*\n${names.join('\n')}`));
    if (report.outstanding.length > MAX_NAMES)
      parts.push(
        note(
          `…and ${plural(report.outstanding.length - MAX_NAMES, 'more', 'more')}: \`cli report\` has everyone.`,
        ),
      );
  }
  return {
    // The fallback text is read by Slack as mrkdwn too: a department named `<!channel>` stays text here as well.
    text: `Training completion as of ${report.today} (${escapeMrkdwn(scope)}): ${t.completed} of ${t.required} required completed, ${t.outstanding} outstanding, ${t.overdue} overdue${extras.trend ? `; ${trendPhrase(extras.trend)}` : ''}.`,
    parts,
  };
}
