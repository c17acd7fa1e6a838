// The completion chart's series from the snapshots: the rate per training group (an admin), or per
// department and group (a department admin officer), each from its window's first day to today, at most
// a few weeks past its deadline.
import type { Content } from '../content/load.js';
import type { Snapshot } from '../store/index.js';
import type { ChartPoint, ChartSeries, CompletionChartInput } from './chart.js';
import { scopeFileSlug } from './report.js';
import { addDays } from './snapshots.js';

/** A line keeps going this long after its deadline (late completions), then stops. */
export const CHART_TAIL_DAYS = 14;
/** More lines than this cannot be told apart: a wider scope is drawn per group instead. */
export const MAX_CHART_SERIES = 8;

export interface ChartRequest {
  content: Content;
  /** The last snapshot of each day, already narrowed to the scope's departments. */
  snapshots: readonly Snapshot[];
  /** 'all' for an admin; the departments a department admin officer sees. */
  scope: 'all' | readonly string[];
  /** YYYY-MM-DD in the cycle's zone: no point after it. */
  today: string;
}

export interface ChartFile {
  input: CompletionChartInput;
  /** `completion-2021-02-10-all.png`, `completion-2021-02-10-imaginary-physics.png`. */
  filename: string;
  /** For screen readers: what the picture shows. */
  alt: string;
}

interface Line {
  series: ChartSeries;
  /** Which counts belong to it. */
  matches: (groupId: string | null, department: string) => boolean;
}

/** The chart for the scope, or null when the snapshots give it no point to draw. */
export function completionChart(request: ChartRequest): ChartFile | null {
  const { content, snapshots, scope, today } = request;
  const groups = content.schedule.groups;
  const present = new Set<string>();
  for (const s of snapshots)
    for (const c of s.counts)
      if (c.required > 0 && c.groupId !== null) present.add(`${c.groupId}\u0000${c.department}`);
  const seriesOf = (label: string, group: (typeof groups)[number]): ChartSeries => ({
    label,
    windowStart: group.window.start,
    windowEnd: group.window.end,
    deadline: group.window.end,
  });

  const perGroup: Line[] = groups
    .filter((g) => [...present].some((k) => k.startsWith(`${g.id}\u0000`)))
    .map((g) => ({ series: seriesOf(g.name, g), matches: (groupId) => groupId === g.id }));
  let lines = perGroup;
  if (scope !== 'all') {
    const perDepartment: Line[] = [...scope]
      .sort((a, b) => a.localeCompare(b))
      .flatMap((department) =>
        groups
          .filter((g) => present.has(`${g.id}\u0000${department}`))
          .map((g) => ({
            series: seriesOf(`${department}: ${g.name}`, g),
            matches: (groupId: string | null, d: string) => groupId === g.id && d === department,
          })),
      );
    if (perDepartment.length <= MAX_CHART_SERIES) lines = perDepartment;
  }

  const points: ChartPoint[] = [];
  for (const s of snapshots) {
    if (s.day > today) continue;
    for (const line of lines) {
      const { windowStart, deadline, label } = line.series;
      if (s.day < windowStart || s.day > addDays(deadline, CHART_TAIL_DAYS)) continue;
      let required = 0;
      let completed = 0;
      for (const c of s.counts)
        if (line.matches(c.groupId, c.department)) {
          required += c.required;
          completed += c.completed;
        }
      if (required > 0) points.push({ day: s.day, series: label, rate: completed / required });
    }
  }
  if (points.length === 0) return null;
  const scopeName = scope === 'all' ? 'All departments' : scope.join(', ');
  const byDepartment = lines !== perGroup;
  return {
    input: {
      title: byDepartment ? 'Training completion by department' : 'Training completion by group',
      subtitle: `${scopeName} · as of ${today}`,
      series: lines.map((l) => l.series),
      points,
    },
    filename: `completion-${today}-${scopeFileSlug(scope)}.png`,
    alt: `Line chart: the share of required people who completed the training, ${byDepartment ? 'per department and group' : 'per training group'} (${lines.map((l) => l.series.label).join('; ')}), day by day over each completion window, with each deadline marked. ${scopeName}, as of ${today}.`,
  };
}
