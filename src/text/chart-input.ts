// What a completion chart shows: the data of a Reply's image part (reply.ts), drawn by src/reports/chart.ts.

export interface ChartSeries {
  /** The full name shown in the legend (a group's name, or a department with its group): never cut. */
  readonly label: string;
  /** The completion window, YYYY-MM-DD. */
  readonly windowStart: string;
  readonly windowEnd: string;
  /** The last day to complete, YYYY-MM-DD (the window's end in the schedule); marked with a rule. */
  readonly deadline: string;
}

export interface ChartPoint {
  /** YYYY-MM-DD, in the cycle's time zone. */
  readonly day: string;
  /** A `ChartSeries.label`. */
  readonly series: string;
  /** Completed / required on that day, 0..1. */
  readonly rate: number;
}

export interface CompletionChartInput {
  readonly title: string;
  /** A second line under the title, e.g. the scope and the day the figures are for. */
  readonly subtitle?: string;
  /** In legend order. */
  readonly series: readonly ChartSeries[];
  readonly points: readonly ChartPoint[];
}
