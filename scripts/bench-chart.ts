// `npm run bench:chart`: render the completion chart for the demo data 20 times; print the PNG's size and
// pixels, and how long rendering takes (the first call, which loads Vega and the font, and the median).
// `npm run bench:chart -- FILE.png` also writes the picture there.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadContent } from '../src/content/load.js';
import { chartPixelSize, renderCompletionChart } from '../src/reports/chart.js';
import { demoChartInput } from '../test/support/chart-demo.js';

const RUNS = 20;

const input = demoChartInput(loadContent('content').schedule);
const times: number[] = [];
let png: Buffer = Buffer.alloc(0);
for (let i = 0; i < RUNS; i += 1) {
  const start = performance.now();
  png = await renderCompletionChart(input);
  times.push(performance.now() - start);
}
const [first = 0, ...rest] = times;
const sorted = rest.toSorted((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
const { width, height } = chartPixelSize(input);
console.log(`chart: ${input.series.length} series, ${input.points.length} points`);
console.log(`PNG: ${(png.length / 1024).toFixed(1)} KB (${png.length} bytes), ${width} × ${height} px`);
console.log(
  `render: first ${first.toFixed(0)} ms, median of the next ${rest.length} ${median.toFixed(0)} ms`,
);
const out = process.argv[2];
if (out) {
  writeFileSync(out, png);
  console.log(`wrote ${out}`);
}
