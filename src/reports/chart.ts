// The completion chart: the completion rate per training group (or per department) across its window, with
// each deadline marked, as a PNG for Slack and `cli report --chart`. Vega-Lite → Vega → SVG → resvg → PNG:
// no browser, no network (a loader that refuses every URL), and a font shipped in an npm package so the
// text looks the same on every machine, whatever fonts it has installed.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { AppError } from '../errors.js';
import { DAY_MS } from '../rules/calendar.js';
import type { CompletionChartInput } from '../text/chart-input.js';

// The chart's data is a Reply's (src/text/reply.ts): its types live beside the Reply, so text/ needs nothing
// from reports/.
export type { ChartPoint, ChartSeries, CompletionChartInput } from '../text/chart-input.js';

export interface ChartSize {
  /** The picture in CSS pixels (the whole image: title, axes and legend included). */
  readonly width: number;
  readonly height: number;
  /** Pixels per CSS pixel in the PNG: 2 stays sharp on high-density screens. */
  readonly scale: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 800, height: 460, scale: 2 };

export class ChartInputError extends AppError {
  static override readonly code = 'chart_input_invalid';
  static override readonly expected = false;
  override readonly name = 'ChartInputError';
}

/** The font every text mark uses, and the file it comes from (the npm package `dejavu-fonts-ttf`). */
export const CHART_FONT_FAMILY = 'DejaVu Sans';
const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const CHART_FONT_FILES = [join(FONT_DIR, 'DejaVuSans.ttf'), join(FONT_DIR, 'DejaVuSans-Bold.ttf')];

// Each series differs in three ways (shade, dash and marker), so the chart still reads when printed in
// grayscale or seen by someone who cannot tell the hues apart. The first four (the usual groups) are the
// furthest apart in shade.
const SERIES_COLOURS = [
  '#1b2f5e',
  '#e0861a',
  '#2f8a57',
  '#a23b72',
  '#5b5b5b',
  '#4c9bd6',
  '#8c6d1f',
  '#c0392b',
];
const SERIES_DASHES: number[][] = [[], [9, 4], [2, 3], [12, 4, 2, 4], [5, 2], [1, 5], [14, 3], [6, 3, 1, 3]];
const SERIES_SHAPES = [
  'circle',
  'square',
  'triangle-up',
  'diamond',
  'cross',
  'triangle-down',
  'triangle-left',
  'triangle-right',
];
/** Markers every this many days along a line (and on its last point), so dashes and shapes both show. */
const MARKER_EVERY_DAYS = 7;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayValue(day: string, what: string): number {
  const ms = ISO_DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms))
    throw new ChartInputError(`${what} must be a day as YYYY-MM-DD, not ${JSON.stringify(day)}`);
  return ms;
}

function styleAt<T>(list: readonly T[], index: number): T {
  return list[index % list.length] as T;
}

/** A legend symbol's height in pixels; the stretch of line it shows is three times as long. */
const LEGEND_SYMBOL_PX = 14;
const LEGEND_SAMPLE_PX = 3 * LEGEND_SYMBOL_PX;
/** From the symbol's right edge to its label: the rest of the stretch of line, and a gap. */
const LEGEND_LABEL_OFFSET_PX = LEGEND_SAMPLE_PX - LEGEND_SYMBOL_PX + 8;

// Vega draws a custom symbol path in units of half the symbol's size, centred on the symbol: this one is a
// short stretch of the series' line (its dash pattern spelled out as segments) with its marker in the middle.
function legendSymbolPath(dash: readonly number[], shape: string): string {
  const unit = LEGEND_SYMBOL_PX / 2;
  const from = -1;
  const to = from + LEGEND_SAMPLE_PX / unit;
  const segments: string[] = [];
  if (dash.length === 0) segments.push(`M${from},0H${to}`);
  else {
    let x = from;
    for (let i = 0; x < to; i += 1) {
      const length = (dash[i % dash.length] ?? 1) / unit;
      if (i % 2 === 0) segments.push(`M${round(x)},0H${round(Math.min(to, x + length))}`);
      x += length;
    }
  }
  return segments.join('') + markerPath(shape, (from + to) / 2, 5 / unit);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function polygon(points: readonly (readonly [number, number])[]): string {
  return `${points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${round(x)},${round(y)}`).join('')}Z`;
}

function markerPath(shape: string, cx: number, r: number): string {
  const at = (dx: number, dy: number) => [cx + dx * r, dy * r] as const;
  switch (shape) {
    case 'circle':
      return polygon(
        Array.from({ length: 16 }, (_, i) => at(Math.cos((i * Math.PI) / 8), Math.sin((i * Math.PI) / 8))),
      );
    case 'square':
      return polygon([at(-0.85, -0.85), at(0.85, -0.85), at(0.85, 0.85), at(-0.85, 0.85)]);
    case 'diamond':
      return polygon([at(0, -1.2), at(1, 0), at(0, 1.2), at(-1, 0)]);
    case 'triangle-up':
      return polygon([at(0, -1.1), at(1.1, 0.8), at(-1.1, 0.8)]);
    case 'triangle-down':
      return polygon([at(0, 1.1), at(1.1, -0.8), at(-1.1, -0.8)]);
    case 'triangle-left':
      return polygon([at(-1.1, 0), at(0.8, -1.1), at(0.8, 1.1)]);
    case 'triangle-right':
      return polygon([at(1.1, 0), at(-0.8, -1.1), at(-0.8, 1.1)]);
    default: {
      // cross
      const a = 0.35;
      return polygon([
        at(-a, -1),
        at(a, -1),
        at(a, -a),
        at(1, -a),
        at(1, a),
        at(a, a),
        at(a, 1),
        at(-a, 1),
        at(-a, a),
        at(-1, a),
        at(-1, -a),
        at(-a, -a),
      ]);
    }
  }
}

// Vega lays out text by an estimate (no canvas here to measure with): 0.8 × font size per character. The
// legend is planned with the same estimate so what Vega lays out fits the picture.
const LEGEND_FONT_PX = 13;
const VEGA_CHAR_EM = 0.8;
const LEGEND_ROW_GAP_PX = 8;
const LEGEND_COLUMN_GAP_PX = 28;
const LEGEND_TEXT_LINE_PX = 16;
/** The picture's height assumes this many one-line legend rows; more (or fewer) rows add (or save) height. */
const LEGEND_BASE_ROWS = 2;
const PADDING = { top: 12, left: 14, right: 24, bottom: 12 };

export interface LegendLayout {
  readonly columns: number;
  /** Each label as the lines it is drawn in (long names wrap at spaces, never cut). */
  readonly lines: readonly (readonly string[])[];
  /** How much taller (or shorter) than the base the picture is, for the legend's rows. */
  readonly extraHeight: number;
}

function wrap(label: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** Up to three columns filled top to bottom, as many as fit the width; a name too long for one wraps. */
export function planLegend(labels: readonly string[], width: number): LegendLayout {
  const entryChrome = LEGEND_SYMBOL_PX + LEGEND_LABEL_OFFSET_PX;
  const charPx = VEGA_CHAR_EM * LEGEND_FONT_PX;
  const available = width - PADDING.left - PADDING.right;
  const entryWidth = (lines: readonly string[]) =>
    entryChrome + Math.max(...lines.map((l) => l.length)) * charPx;
  const layoutOf = (columns: number, lines: readonly (readonly string[])[]) => {
    const rows = Math.ceil(lines.length / columns);
    const widths = Array.from({ length: columns }, (_, c) =>
      Math.max(0, ...lines.slice(c * rows, (c + 1) * rows).map(entryWidth)),
    );
    const total = widths.reduce((a, b) => a + b, 0) + (columns - 1) * LEGEND_COLUMN_GAP_PX;
    const rowHeights = Array.from({ length: rows }, (_, r) =>
      Math.max(...Array.from({ length: columns }, (_, c) => lines[c * rows + r]?.length ?? 1)),
    );
    return { total, rowLines: rowHeights.reduce((a, b) => a + b, 0), rows };
  };
  const single = labels.map((l) => [l]);
  let columns = Math.min(3, labels.length);
  while (columns > 1 && layoutOf(columns, single).total > available) columns -= 1;
  // Four names in three columns fill only two (two rows each): say so.
  columns = Math.ceil(labels.length / Math.ceil(labels.length / columns));
  const maxChars = Math.max(12, Math.floor((available - entryChrome) / charPx));
  const lines = columns > 1 ? single : labels.map((l) => wrap(l, maxChars));
  const { rowLines, rows } = layoutOf(columns, lines);
  const height = (n: number, lineCount: number) =>
    lineCount * LEGEND_TEXT_LINE_PX + (n - 1) * LEGEND_ROW_GAP_PX;
  return {
    columns,
    lines,
    extraHeight: height(rows, rowLines) - height(LEGEND_BASE_ROWS, LEGEND_BASE_ROWS),
  };
}

/** The PNG's size in pixels for this input: the size asked for, taller or shorter by the legend's rows. */
export function chartPixelSize(input: CompletionChartInput, size: ChartSize = DEFAULT_CHART_SIZE) {
  const { extraHeight } = planLegend(
    input.series.map((s) => s.label),
    size.width,
  );
  return {
    width: Math.round(size.width * size.scale),
    height: Math.round((size.height + extraHeight) * size.scale),
  };
}

// Deadline labels sit above the plot: this far above the 100% line, one row per overlap.
const DEADLINE_COLOUR = '#b00020';
const DEADLINE_LABEL_LIFT_PX = 10;
const DEADLINE_ROW_PX = 16;
const LABEL_GAP_PX = 10;
/** About how wide a 12 px bold DejaVu Sans character is, to tell whether two deadline labels would meet. */
const DEADLINE_CHAR_PX = 8;
/** Rate labels at the ends of lines: kept this far apart, for ends closer than a label's width. */
const END_LABEL_GAP_PX = 15;
const END_LABEL_WIDTH_PX = 44;
/** About how much of the picture's height is not the plot (title, deadline labels, x axis, legend). */
const PLOT_CHROME_HEIGHT_PX = 200;
/** About how much of the picture's width the y axis and the padding take. */
const PLOT_MARGIN_PX = 100;

// A deadline's label: "Deadline 17 Feb" (day first reads unambiguously in every locale).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function shortDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** The Vega-Lite spec for the input: exported so its structure can be tested without rendering. */
export function buildChartSpec(
  input: CompletionChartInput,
  size: ChartSize = DEFAULT_CHART_SIZE,
): TopLevelSpec {
  if (input.series.length === 0) throw new ChartInputError('a chart needs at least one series');
  const labels = input.series.map((s) => s.label);
  const duplicate = labels.find((l, i) => labels.indexOf(l) !== i);
  if (duplicate !== undefined)
    throw new ChartInputError(`series label ${JSON.stringify(duplicate)} is used twice`);
  const windows = new Map(
    input.series.map((s) => [
      s.label,
      {
        start: dayValue(s.windowStart, `${s.label}: windowStart`),
        end: dayValue(s.windowEnd, `${s.label}: windowEnd`),
        deadline: dayValue(s.deadline, `${s.label}: deadline`),
      },
    ]),
  );

  const byDay = [...input.points].sort((a, b) => a.day.localeCompare(b.day));
  const lastDay = new Map<string, string>();
  for (const p of byDay) lastDay.set(p.series, p.day);
  const values = byDay.map((p) => {
    const window = windows.get(p.series);
    if (!window)
      throw new ChartInputError(`point on ${p.day} names an unknown series ${JSON.stringify(p.series)}`);
    if (!Number.isFinite(p.rate) || p.rate < 0 || p.rate > 1)
      throw new ChartInputError(`${p.series} on ${p.day}: rate must be between 0 and 1, not ${p.rate}`);
    const t = dayValue(p.day, `${p.series}: point day`);
    const sinceStart = Math.round((t - window.start) / DAY_MS);
    return {
      t,
      series: p.series,
      rate: p.rate,
      marker: sinceStart % MARKER_EVERY_DAYS === 0 || lastDay.get(p.series) === p.day,
      last: lastDay.get(p.series) === p.day,
      /** Where the last point's rate label goes: its rate, nudged apart from its neighbours' labels. */
      labelY: p.rate,
    };
  });

  const allDays = [
    ...[...windows.values()].flatMap((w) => [w.start, w.end, w.deadline]),
    ...values.map((v) => v.t),
  ];
  // A day's margin either side, so markers and labels at the ends are not clipped.
  const domain = [Math.min(...allDays) - DAY_MS, Math.max(...allDays) + DAY_MS] as const;

  // One rule per distinct deadline (groups sharing a day share it), labelled above the plot; a label that
  // would run into the one before it goes up a row.
  const plotWidth = size.width - PLOT_MARGIN_PX;
  const pxPerMs = plotWidth / (domain[1] - domain[0]);
  const rowEnds: number[] = [];
  const deadlines = [...new Set([...windows.values()].map((w) => w.deadline))]
    .sort((a, b) => a - b)
    .map((t) => {
      const label = `Deadline ${shortDay(t)}`;
      const at = (t - domain[0]) * pxPerMs;
      const width = label.length * DEADLINE_CHAR_PX;
      // Centred on its rule, unless that would push it past either end of the plot.
      const align: 'left' | 'center' | 'right' =
        at - width / 2 < 0 ? 'left' : at + width / 2 > plotWidth ? 'right' : 'center';
      const from = align === 'left' ? at : align === 'right' ? at - width : at - width / 2;
      let row = rowEnds.findIndex((end) => end + LABEL_GAP_PX <= from);
      if (row === -1) row = rowEnds.length;
      rowEnds[row] = from + width;
      return { t, label, align, offset: -(DEADLINE_LABEL_LIFT_PX + row * DEADLINE_ROW_PX) };
    });
  // Each line ends with its rate; labels of ends close together are pushed apart, top down.
  const minGap = END_LABEL_GAP_PX / (size.height - PLOT_CHROME_HEIGHT_PX);
  const ends = values.filter((v) => v.last).sort((a, b) => a.t - b.t);
  for (let i = 0; i < ends.length; ) {
    let j = i + 1;
    while (j < ends.length && ((ends[j]?.t ?? 0) - (ends[j - 1]?.t ?? 0)) * pxPerMs < END_LABEL_WIDTH_PX)
      j += 1;
    const cluster = ends.slice(i, j).sort((a, b) => b.rate - a.rate);
    let above = Number.POSITIVE_INFINITY;
    for (const end of cluster) {
      end.labelY = Math.min(end.rate, above - minGap);
      above = end.labelY;
    }
    const lowest = cluster.at(-1)?.labelY ?? 0;
    if (lowest < 0) for (const end of cluster) end.labelY -= lowest;
    i = j;
  }

  const deadlineLabels = (['left', 'center', 'right'] as const).flatMap((align) => {
    const rows = deadlines.filter((d) => d.align === align);
    return rows.length === 0
      ? []
      : [
          {
            data: { values: rows },
            mark: {
              type: 'text' as const,
              color: DEADLINE_COLOUR,
              fontSize: 12,
              fontWeight: 'bold' as const,
              align,
              baseline: 'bottom' as const,
            },
            encoding: {
              x: { field: 't', type: 'temporal' as const },
              y: { datum: 1 },
              yOffset: { field: 'offset', type: 'quantitative' as const, scale: null },
              text: { field: 'label' },
            },
          },
        ];
  });

  const seriesScale = (range: unknown) => ({ domain: labels, range });
  const x = {
    field: 't',
    type: 'temporal' as const,
    title: null,
    scale: { type: 'utc' as const, domain: [...domain] },
    axis: { format: '%-d %b', labelFontSize: 12, tickCount: 8, grid: false },
  };
  const y = {
    field: 'rate',
    type: 'quantitative' as const,
    title: 'Completed',
    scale: { domain: [0, 1], nice: false },
    axis: { format: '.0%', values: [0, 0.25, 0.5, 0.75, 1], labelFontSize: 12, titleFontSize: 13 },
  };
  // Names are never cut (labelLimit 0); the symbols and wrapped labels are put in by buildVegaSpec.
  const plan = planLegend(labels, size.width);
  const legend = {
    title: null,
    orient: 'bottom' as const,
    direction: 'vertical' as const,
    columns: plan.columns,
    labelLimit: 0,
    labelFontSize: LEGEND_FONT_PX,
    labelOffset: LEGEND_LABEL_OFFSET_PX,
    symbolSize: LEGEND_SYMBOL_PX * LEGEND_SYMBOL_PX,
    columnPadding: LEGEND_COLUMN_GAP_PX,
    rowPadding: LEGEND_ROW_GAP_PX,
  };
  const seriesField = { field: 'series', type: 'nominal' as const, sort: labels };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: size.width,
    height: size.height + plan.extraHeight,
    autosize: { type: 'fit', contains: 'padding' },
    padding: PADDING,
    background: '#ffffff',
    title: {
      text: input.title,
      ...(input.subtitle ? { subtitle: input.subtitle } : {}),
      anchor: 'start',
      fontSize: 17,
      subtitleFontSize: 13,
      subtitleColor: '#444444',
      limit: 0,
      offset: 14,
    },
    config: {
      font: CHART_FONT_FAMILY,
      view: { stroke: null },
      axis: { labelColor: '#222222', titleColor: '#222222', domainColor: '#666666', tickColor: '#666666' },
      legend: { labelColor: '#222222' },
    },
    layer: [
      {
        data: { values: [0.25, 0.5, 0.75, 1].map((rate) => ({ rate })) },
        mark: { type: 'rule', color: '#e3e3e3', strokeWidth: 1 },
        encoding: { y: { field: 'rate', type: 'quantitative' } },
      },
      {
        data: { values: deadlines },
        mark: { type: 'rule', color: DEADLINE_COLOUR, strokeWidth: 2, strokeDash: [6, 3] },
        encoding: { x: { field: 't', type: 'temporal' } },
      },
      ...deadlineLabels,
      {
        data: { values },
        layer: [
          {
            mark: { type: 'line', strokeWidth: 2.5, interpolate: 'monotone' },
            encoding: {
              x,
              y,
              color: {
                ...seriesField,
                scale: seriesScale(labels.map((_, i) => styleAt(SERIES_COLOURS, i))),
                legend,
              },
              strokeDash: {
                ...seriesField,
                scale: seriesScale(labels.map((_, i) => styleAt(SERIES_DASHES, i))),
                legend,
              },
            },
          },
          {
            transform: [{ filter: 'datum.marker' }],
            mark: { type: 'point', filled: true, size: 90, opacity: 1, stroke: '#ffffff', strokeWidth: 1 },
            encoding: {
              x,
              y,
              color: seriesField,
              shape: {
                ...seriesField,
                scale: seriesScale(labels.map((_, i) => styleAt(SERIES_SHAPES, i))),
                legend,
              },
            },
          },
          {
            transform: [{ filter: 'datum.last' }],
            mark: {
              type: 'text',
              align: 'left',
              baseline: 'middle',
              dx: 9,
              fontSize: 12,
              fontWeight: 'bold',
            },
            encoding: {
              x,
              y: { ...y, field: 'labelY' },
              color: seriesField,
              text: { field: 'rate', type: 'quantitative', format: '.0%' },
            },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}

/**
 * The Vega spec: the compiled Vega-Lite spec with its one legend's symbols drawn as a stretch of each
 * series' line, dashes and marker both (Vega-Lite's merged legend would show a single shape).
 */
export function buildVegaSpec(input: CompletionChartInput, size: ChartSize = DEFAULT_CHART_SIZE): vega.Spec {
  const { spec } = compile(buildChartSpec(input, size));
  const legends = spec.legends ?? [];
  const [legend] = legends;
  if (legends.length !== 1 || legend === undefined)
    throw new Error(`the chart spec should compile to one legend, not ${legends.length}`);
  const labels = input.series.map((s) => s.label);
  const plan = planLegend(labels, size.width);
  const symbols = labels.map((_, i) =>
    legendSymbolPath(styleAt(SERIES_DASHES, i), styleAt(SERIES_SHAPES, i)),
  );
  const { shape: _shape, strokeDash: _strokeDash, ...rest } = legend;
  spec.legends = [
    {
      ...rest,
      encode: {
        symbols: {
          update: {
            shape: { signal: `${JSON.stringify(symbols)}[indexof(${JSON.stringify(labels)}, datum.value)]` },
            strokeDash: { value: [] },
            strokeWidth: { value: 2.5 },
            opacity: { value: 1 },
          },
        },
        labels: {
          update: {
            text: {
              signal: `${JSON.stringify(plan.lines)}[indexof(${JSON.stringify(labels)}, datum.value)]`,
            },
            lineHeight: { value: LEGEND_TEXT_LINE_PX },
          },
        },
      },
    },
  ];
  return spec;
}

// Vega may fetch data, images and links through its loader; the chart needs none, so any attempt fails
// loudly instead of reaching the network.
const noNetworkLoader: vega.Loader = {
  ...vega.loader(),
  load: (uri) => Promise.reject(new Error(`the chart loads nothing, yet asked for ${JSON.stringify(uri)}`)),
  sanitize: (uri) =>
    Promise.reject(new Error(`the chart links nothing, yet asked for ${JSON.stringify(uri)}`)),
  http: (uri) => Promise.reject(new Error(`the chart fetches nothing, yet asked for ${JSON.stringify(uri)}`)),
  file: (path) => Promise.reject(new Error(`the chart reads no file, yet asked for ${JSON.stringify(path)}`)),
};

/** The chart as SVG text (its fonts named, not embedded). */
export async function renderChartSvg(
  input: CompletionChartInput,
  size: ChartSize = DEFAULT_CHART_SIZE,
): Promise<string> {
  const view = new vega.View(vega.parse(buildVegaSpec(input, size)), {
    renderer: 'none',
    loader: noNetworkLoader,
    logLevel: vega.Warn,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG of size.width × size.height CSS pixels, times size.scale. */
export async function renderCompletionChart(
  input: CompletionChartInput,
  size: ChartSize = DEFAULT_CHART_SIZE,
): Promise<Buffer> {
  const svg = await renderChartSvg(input, size);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: size.scale },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: CHART_FONT_FILES,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
