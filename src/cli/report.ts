// `cli report [--department D] [--csv FILE] [--chart FILE.png] [--history]`: the completion report per
// training group and department, its chart, or its history from the snapshots. The terminal is trusted like
// the database file it opens: every department, counts only (no names).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadContent } from '../content/load.js';
import { completionChart } from '../reports/chart-data.js';
import { buildCompletionReport, formatRate, reportCsv } from '../reports/report.js';
import { totalsByDay, trendText, weeklyTrend } from '../reports/snapshots.js';
import { dayIn, InvalidMomentError, parseMoment } from '../rules/index.js';
import { DB_OPTION, openCliStore, reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, contentDir, parseCliArgs } from './io.js';

export const run = (args: string[], io: CliIo) => reportingStoreErrors(io, () => runReport(args, io));

async function runReport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    ...DB_OPTION,
    content: { type: 'string' },
    department: { type: 'string' },
    csv: { type: 'string' },
    chart: { type: 'string' },
    history: { type: 'boolean' },
    on: { type: 'string' },
  });
  if (positionals.length > 0) throw new CliUsageError(`Unexpected "${positionals.join(' ')}".`);
  const content = loadContent(contentDir(values.content, io));
  let now = new Date();
  if (values.on !== undefined) {
    try {
      now = parseMoment(values.on, content.schedule.cycle.timeZone);
    } catch (error) {
      if (error instanceof InvalidMomentError) throw new CliUsageError(`--on: ${error.message}.`);
      throw error;
    }
  }
  const store = await openCliStore(values.db, io, content.schedule);
  try {
    const department = values.department?.trim();
    if (department && !(await store.departments()).includes(department)) {
      io.err(`No one on the roster is in the department "${department}".`);
      return 1;
    }
    const scope = department ? [department] : ('all' as const);
    const cycle = content.schedule.cycle.name;
    const today = dayIn(now, content.schedule.cycle.timeZone);
    const snapshots = await store.snapshots.daily(cycle, {
      until: today,
      ...(department ? { departments: [department] } : {}),
    });
    if (values.history) {
      if (snapshots.length === 0) {
        io.out(
          `No snapshots of ${cycle} yet: each "completions import" records one, and the app takes one a day.`,
        );
        return 0;
      }
      io.out(`Completion over time, ${department ?? 'all departments'} (${cycle}):`);
      io.out('day         required completed    rate overdue  change  snapshot');
      let previous: number | null = null;
      for (const d of totalsByDay(snapshots)) {
        const change =
          d.rate === null || previous === null
            ? ''
            : `${d.rate >= previous ? '+' : '-'}${Math.abs((d.rate - previous) * 100).toFixed(1)}`;
        io.out(
          `${d.day}  ${String(d.required).padStart(8)} ${String(d.completed).padStart(9)} ${formatRate(d.rate).padStart(7)} ${String(d.overdue).padStart(7)} ${change.padStart(7)}  ${d.reason}`,
        );
        if (d.rate !== null) previous = d.rate;
      }
      io.out(
        '"reconstructed": a day without a snapshot, rebuilt from the completion dates and today\'s roster.',
      );
      return 0;
    }
    if (values.chart) {
      const chart = completionChart({ content, snapshots, scope, today });
      if (!chart) {
        io.err(
          `No snapshot of ${cycle} has a day inside a completion window up to ${today}: nothing to draw. Import the completions first ("cli completions import").`,
        );
        return 1;
      }
      const file = resolve(io.cwd, values.chart);
      mkdirSync(dirname(file), { recursive: true });
      // Vega and the font load only for a chart: the other report commands stay quick.
      const { renderCompletionChart } = await import('../reports/chart.js');
      const png = await renderCompletionChart(chart.input);
      writeFileSync(file, png);
      io.out(
        `Wrote the chart (${chart.input.series.length} line(s), ${chart.input.points.length} points, ${Math.round(png.length / 1024)} KB) to ${values.chart} (as of ${today}).`,
      );
      return 0;
    }
    const report = await buildCompletionReport(store, content, now, scope);
    if (values.csv) {
      const file = resolve(io.cwd, values.csv);
      writeFileSync(file, reportCsv(report));
      io.out(`Wrote ${report.rows.length} row(s) and a total to ${values.csv} (as of ${report.today}).`);
      return 0;
    }
    io.out(`Completion as of ${report.today}${department ? `, ${department}` : ''}:`);
    const widths = [34, 34];
    io.out(
      `${'group'.padEnd(widths[0] ?? 0)} ${'department'.padEnd(widths[1] ?? 0)} required completed outstanding overdue rate`,
    );
    for (const r of report.rows) {
      io.out(
        `${r.group.slice(0, 34).padEnd(34)} ${r.department.slice(0, 34).padEnd(34)} ${String(r.required).padStart(8)} ${String(r.completed).padStart(9)} ${String(r.outstanding).padStart(11)} ${String(r.overdue).padStart(7)} ${formatRate(r.rate)}`,
      );
    }
    const t = report.totals;
    io.out(
      `${'All'.padEnd(69)} ${String(t.required).padStart(8)} ${String(t.completed).padStart(9)} ${String(t.outstanding).padStart(11)} ${String(t.overdue).padStart(7)} ${formatRate(t.rate)}`,
    );
    const trend = weeklyTrend(snapshots);
    if (trend) io.out(`Trend: ${trendText(trend)} (${formatRate(trend.rateThen)} on ${trend.since}).`);
    return 0;
  } finally {
    await store.close();
  }
}
