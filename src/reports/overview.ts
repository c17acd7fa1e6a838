// What an admin's report and App Home show for one scope: the report as of now, the snapshots behind its
// trend and chart, the trend itself and the chart's input (the PNG is drawn by whoever shows it).
import type { Content } from '../content/load.js';
import { dayIn } from '../rules/index.js';
import type { Snapshot, Store } from '../store/index.js';
import { type ChartFile, completionChart } from './chart-data.js';
import { buildCompletionReport, type CompletionReport } from './report.js';
import { type Trend, weeklyTrend } from './snapshots.js';

export interface Overview {
  report: CompletionReport;
  snapshots: Snapshot[];
  /** Null without a snapshot a week old. */
  trend: Trend | null;
  /** Null when the snapshots give nothing to draw. */
  chart: ChartFile | null;
}

export async function buildOverview(
  store: Pick<Store, 'listPeople' | 'snapshots'>,
  content: Content,
  now: Date,
  scope: 'all' | string[],
  /** The report when it was built already (in slices, off the path other requests wait on). */
  built?: CompletionReport,
): Promise<Overview> {
  const report = built ?? (await buildCompletionReport(store, content, now, scope));
  const today = dayIn(now, content.schedule.cycle.timeZone);
  const snapshots = await store.snapshots.daily(content.schedule.cycle.name, {
    until: today,
    ...(scope === 'all' ? {} : { departments: scope }),
  });
  return {
    report,
    snapshots,
    trend: weeklyTrend(snapshots),
    chart: completionChart({ content, snapshots, scope, today }),
  };
}
