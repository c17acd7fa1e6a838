// `npm run bench:store [-- --engine sqlite|postgres]`: import a 20,000-person roster and 15,000 completions,
// then time the audience query. `--engine postgres` runs the same on PostgreSQL (DATABASE_URL, in a schema of
// its own, else a throwaway local server) and prints both engines side by side.
// Aims (issue 5): each import under 2 s, the audience query under 50 ms.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadContent } from '../src/content/load.js';
import { openStore, parseCompletions, parseRoster } from '../src/store/index.js';
import { syntheticCompletions, syntheticRoster } from '../src/store/synthetic.js';
import { postgresLocation } from './postgres-location.js';

const PEOPLE = 20_000;
const COMPLETIONS = 15_000;
const QUERY_RUNS = 20;
const FILTERS = [
  { group: 'all-schools', completed: false },
  { group: 'vp-research', completed: false, department: 'Department 7, Synthetic' },
] as const;

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'sqlite' } } });
if (values.engine !== 'sqlite' && values.engine !== 'postgres') {
  console.error(`--engine must be sqlite or postgres (got "${values.engine}").`);
  process.exit(2);
}

const content = loadContent('content');
const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const rosterFile = join(dir, 'roster.csv');
const completionsFile = join(dir, 'completions.csv');
writeFileSync(rosterFile, syntheticRoster(PEOPLE, content));
writeFileSync(completionsFile, syntheticCompletions(COMPLETIONS, PEOPLE));

type Figures = Map<string, string>;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
};

async function measure(location: string): Promise<Figures> {
  const figures: Figures = new Map();
  const store = await openStore({ path: location, schedule: content.schedule });
  try {
    // What `cli roster import` does: read, parse and validate every row, then one transaction.
    const [roster, rosterMs] = await timed(() => {
      const { records, issues } = parseRoster(readFileSync(rosterFile), rosterFile, content);
      if (issues.length > 0) throw new Error(`synthetic roster has ${issues.length} problems`);
      return store.importRoster(records, { file: rosterFile });
    });
    figures.set(`roster import, ${PEOPLE} people, first load`, `${ms(rosterMs)} (${roster.added} added)`);
    const [again, againMs] = await timed(() => {
      const { records } = parseRoster(readFileSync(rosterFile), rosterFile, content);
      return store.importRoster(records, { file: rosterFile });
    });
    figures.set(`roster re-import, nothing changed`, `${ms(againMs)} (${again.unchanged} unchanged)`);
    const [done, completionsMs] = await timed(() => {
      const { records, issues } = parseCompletions(readFileSync(completionsFile), completionsFile, content);
      if (issues.length > 0) throw new Error(`synthetic completions have ${issues.length} problems`);
      return store.importCompletions(records);
    });
    figures.set(
      `completions import, ${COMPLETIONS} rows`,
      `${ms(completionsMs)} (${done.recorded} recorded)`,
    );
    for (const filter of FILTERS) {
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < QUERY_RUNS; i++) {
        const [people, t] = await timed(() => store.listPeople(filter));
        count = people.length;
        times.push(t);
      }
      times.sort((a, b) => a - b);
      figures.set(
        `audience query ${filter.group}${'department' in filter ? ' + department' : ''}`,
        `median ${ms(times[Math.floor(times.length / 2)] ?? 0)}, worst ${ms(times.at(-1) ?? 0)} (${count} people)`,
      );
    }
  } finally {
    await store.close();
  }
  return figures;
}

try {
  const results: [string, Figures][] = [['SQLite', await measure(join(dir, 'bench.db'))]];
  if (values.engine === 'postgres') {
    const postgres = await postgresLocation('bench_store');
    try {
      results.push(['PostgreSQL', await measure(postgres.url)]);
    } finally {
      await postgres.done();
    }
  }
  const rows = [...(results[0]?.[1].keys() ?? [])];
  const width = Math.max(...rows.map((r) => r.length));
  const column = 40;
  console.log(`${''.padEnd(width)}  ${results.map(([name]) => name.padEnd(column)).join('  ')}`);
  for (const row of rows)
    console.log(
      `${row.padEnd(width)}  ${results.map(([, f]) => (f.get(row) ?? '').padEnd(column)).join('  ')}`,
    );
  console.log(
    `peak memory (max RSS, this process): ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
