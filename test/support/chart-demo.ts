// A demo-like chart input for tests and the bench: the shipped schedule's groups and windows, with made-up
// but plausible completion curves (slow start, a rush before the deadline, a few late completions after it).
import type { ScheduleFile } from '../../src/content/schemas.js';
import type { ChartPoint, ChartSeries, CompletionChartInput } from '../../src/reports/chart.js';

const DAY_MS = 86_400_000;
// Where each group's curve ends up at its deadline, in schedule order (cycled if there are more groups).
const FINAL_RATES = [0.93, 0.81, 0.68, 0.54];

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Daily points for every group from its window's start to `today` or a week past its deadline. */
export function demoChartInput(schedule: ScheduleFile, today = '2021-05-27'): CompletionChartInput {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const series: ChartSeries[] = schedule.groups.map((g) => ({
    label: g.name,
    windowStart: g.window.start,
    windowEnd: g.window.end,
    deadline: g.window.end,
  }));
  const points: ChartPoint[] = [];
  schedule.groups.forEach((g, i) => {
    const start = Date.parse(`${g.window.start}T00:00:00Z`);
    const end = Date.parse(`${g.window.end}T00:00:00Z`);
    const final = FINAL_RATES[i % FINAL_RATES.length] ?? 0.8;
    const last = Math.min(todayMs, end + 7 * DAY_MS);
    for (let t = start; t <= last; t += DAY_MS) {
      const progress = (t - start) / (end - start);
      // A logistic curve whose steepest part is two thirds of the way in; after the deadline it creeps up.
      const s = 1 / (1 + Math.exp(-9 * (progress - 0.62)));
      const s0 = 1 / (1 + Math.exp(9 * 0.62));
      const s1 = 1 / (1 + Math.exp(-9 * 0.38));
      const onTime = (final * (s - s0)) / (s1 - s0);
      const late = progress > 1 ? (1 - final) * 0.15 * (progress - 1) * 4 : 0;
      points.push({ day: isoDay(t), series: g.name, rate: Math.min(1, Math.max(0, onTime + late)) });
    }
  });
  return {
    title: 'Training completion by group',
    subtitle: `All departments · as of ${today}`,
    series,
    points,
  };
}
