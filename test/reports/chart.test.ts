// The completion chart as an admin would check it: a real PNG of the expected size, with lines, text and the
// deadlines drawn, full group names, a 0–100% axis, and series that stay apart in grayscale.
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import {
  buildVegaSpec,
  ChartInputError,
  type ChartSeries,
  type CompletionChartInput,
  chartPixelSize,
  planLegend,
  renderChartSvg,
  renderCompletionChart,
} from '../../src/reports/chart.js';
import { demoChartInput } from '../support/chart-demo.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const schedule = loadContent(SHIPPED_CONTENT).schedule;
const demo = demoChartInput(schedule);

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function luminance(r: number, g: number, b: number): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** How many pixels of each exact colour, in one box of the image (default: all of it). */
function colourCounts(png: PNG, box = { x: 0, y: 0, width: png.width, height: png.height }) {
  const counts = new Map<string, number>();
  for (let y = box.y; y < box.y + box.height; y += 1)
    for (let x = box.x; x < box.x + box.width; x += 1) {
      const i = (y * png.width + x) * 4;
      const key = hex(png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return counts;
}

function darkShare(png: PNG, box: { x: number; y: number; width: number; height: number }): number {
  let dark = 0;
  for (let y = box.y; y < box.y + box.height; y += 1)
    for (let x = box.x; x < box.x + box.width; x += 1) {
      const i = (y * png.width + x) * 4;
      if (luminance(png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0) < 100) dark += 1;
    }
  return dark / (box.width * box.height);
}

function seriesRange(spec: ReturnType<typeof buildVegaSpec>, name: string): unknown[] {
  const scale = spec.scales?.find((s) => s.name === name);
  return (scale && 'range' in scale && Array.isArray(scale.range) ? scale.range : []) as unknown[];
}

describe('renderCompletionChart', () => {
  let png: Buffer;
  let image: PNG;
  beforeAll(async () => {
    png = await renderCompletionChart(demo);
    image = PNG.sync.read(png);
  });

  it('writes a PNG of 1600 × 920 pixels for the demo data (800 × 460 at scale 2)', () => {
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 920]);
    expect(chartPixelSize(demo)).toEqual({ width: 1600, height: 920 });
    expect([image.width, image.height]).toEqual([1600, 920]);
  });

  it('is small enough to upload and attach (under 150 KB)', () => {
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.length).toBeLessThan(150_000);
  });

  it('draws a picture, not a blank: a white ground, many shades, each series colour and the deadline red', () => {
    const counts = colourCounts(image);
    const total = image.width * image.height;
    expect((counts.get('#ffffff') ?? 0) / total).toBeGreaterThan(0.6);
    expect((counts.get('#ffffff') ?? 0) / total).toBeLessThan(0.97);
    expect(counts.size).toBeGreaterThan(200);
    for (const colour of ['#1b2f5e', '#e0861a', '#2f8a57', '#a23b72', '#b00020'])
      expect(counts.get(colour) ?? 0, colour).toBeGreaterThan(300);
  });

  it('renders the text with the bundled font: the title area has ink', () => {
    // Without a font resvg silently drops text; the title sits in the top-left corner.
    expect(darkShare(image, { x: 20, y: 20, width: 560, height: 40 })).toBeGreaterThan(0.05);
    expect(darkShare(image, { x: 1000, y: 20, width: 500, height: 40 })).toBe(0);
  });

  it('renders the same bytes every time, in any time zone of the machine', async () => {
    const again = await renderCompletionChart(demo);
    expect(again.equals(png)).toBe(true);
  });

  it('keeps every series apart in grayscale: shades at least 12 levels apart, and its own dash and marker', () => {
    const eight: CompletionChartInput = {
      ...demo,
      series: Array.from({ length: 8 }, (_, i) => ({
        ...(demo.series[0] as ChartSeries),
        label: `Group ${i}`,
      })),
      points: [],
    };
    const spec = buildVegaSpec(eight);
    const shades = (seriesRange(spec, 'color') as string[]).map((c) =>
      luminance(
        Number.parseInt(c.slice(1, 3), 16),
        Number.parseInt(c.slice(3, 5), 16),
        Number.parseInt(c.slice(5, 7), 16),
      ),
    );
    expect(shades).toHaveLength(8);
    // Series next to each other in the legend (and the first four, the usual groups) differ most.
    for (let i = 1; i < 4; i += 1)
      for (let j = 0; j < i; j += 1)
        expect(Math.abs((shades[i] ?? 0) - (shades[j] ?? 0))).toBeGreaterThanOrEqual(12);
    expect(new Set(seriesRange(spec, 'strokeDash').map((d) => JSON.stringify(d))).size).toBe(8);
    expect(new Set(seriesRange(spec, 'shape')).size).toBe(8);
  });
});

describe('renderChartSvg', () => {
  it('labels the axis 0–100%, marks each deadline and names every group in full', async () => {
    const svg = await renderChartSvg(demo);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['0%', '25%', '50%', '75%', '100%', 'Completed']));
    expect(texts).toEqual(
      expect.arrayContaining(['Deadline 17 Feb', 'Deadline 26 Mar', 'Deadline 7 May', 'Deadline 11 Jun']),
    );
    expect(texts).toEqual(expect.arrayContaining(schedule.groups.map((g) => g.name)));
    expect(texts).toContain('All Schools (including Faculty)');
    expect(texts).toEqual(expect.arrayContaining(['Training completion by group', demo.subtitle]));
    expect(svg).not.toMatch(/…/);
  });

  it('asks for nothing from outside: no URL in the spec, and fonts named, not fetched', async () => {
    const spec = JSON.stringify(buildVegaSpec(demo));
    expect(spec).not.toMatch(/"url"|https?:\/\/(?!vega\.github\.io\/schema)/);
    expect(await renderChartSvg(demo)).not.toMatch(/href=|url\(/);
  });
});

describe('planLegend', () => {
  it('puts the four groups in two columns, on one line each', () => {
    const plan = planLegend(
      schedule.groups.map((g) => g.name),
      800,
    );
    expect(plan.columns).toBe(2);
    expect(plan.lines.map((l) => l.length)).toEqual([1, 1, 1, 1]);
    expect(plan.extraHeight).toBe(0);
  });

  it('wraps a name too long for the width at spaces, never cutting it, and makes the picture taller', () => {
    const long =
      'School of Engineering and Applied Sciences — Dean’s Office · All Schools (including Faculty)';
    const plan = planLegend([long, 'Chemistry · All Schools (including Faculty)'], 800);
    expect(plan.columns).toBe(1);
    expect(plan.lines[0]?.length).toBeGreaterThan(1);
    expect(plan.lines[0]?.join(' ')).toBe(long);
    expect(plan.extraHeight).toBeGreaterThan(0);
    const input: CompletionChartInput = {
      title: 'Your departments',
      series: [long, 'Chemistry · All Schools (including Faculty)'].map((label) => ({
        label,
        windowStart: '2021-01-13',
        windowEnd: '2021-02-17',
        deadline: '2021-02-17',
      })),
      points: [{ day: '2021-01-20', series: long, rate: 0.2 }],
    };
    expect(chartPixelSize(input).height).toBeGreaterThan(920);
  });
});

describe('chart input errors', () => {
  const base: CompletionChartInput = {
    title: 't',
    series: [{ label: 'A', windowStart: '2021-01-13', windowEnd: '2021-02-17', deadline: '2021-02-17' }],
    points: [],
  };
  it.each<[string, CompletionChartInput, RegExp]>([
    ['no series', { ...base, series: [] }, /at least one series/],
    [
      'a rate over 1',
      { ...base, points: [{ day: '2021-01-20', series: 'A', rate: 1.2 }] },
      /A on 2021-01-20.*1\.2/,
    ],
    [
      'an unknown series',
      { ...base, points: [{ day: '2021-01-20', series: 'B', rate: 0.2 }] },
      /unknown series "B"/,
    ],
    [
      'a malformed day',
      { ...base, points: [{ day: '20/01/2021', series: 'A', rate: 0.2 }] },
      /"20\/01\/2021"/,
    ],
    ['a label used twice', { ...base, series: [base.series[0]!, base.series[0]!] }, /"A" is used twice/],
  ])('%s is a ChartInputError quoting the value', (_name, input, message) => {
    expect(() => buildVegaSpec(input)).toThrow(ChartInputError);
    expect(() => buildVegaSpec(input)).toThrow(message);
  });
});
