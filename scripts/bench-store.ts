// `npm run bench:store`: import a 20,000-person roster and 15,000 completions, then time the audience query.
// Aims (issue 5): each import under 2 s, the audience query under 50 ms.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadContent } from '../src/content/load.js';
import { openStore, parseCompletions, parseRoster } from '../src/store/index.js';
import { syntheticCompletions, syntheticRoster } from '../src/store/synthetic.js';

const PEOPLE = 20_000;
const COMPLETIONS = 15_000;
const QUERY_RUNS = 20;

const content = loadContent('content');
const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
try {
  const rosterFile = join(dir, 'roster.csv');
  const completionsFile = join(dir, 'completions.csv');
  writeFileSync(rosterFile, syntheticRoster(PEOPLE));
  writeFileSync(completionsFile, syntheticCompletions(COMPLETIONS, PEOPLE));
  const store = openStore({ path: join(dir, 'bench.db'), schedule: content.schedule });

  const timed = <T>(work: () => T): [T, number] => {
    const start = performance.now();
    const result = work();
    return [result, performance.now() - start];
  };
  const ms = (n: number) => `${n.toFixed(1)} ms`;

  // What `cli roster import` does: read, parse and validate every row, then one transaction.
  const [roster, rosterMs] = timed(() => {
    const { records, issues } = parseRoster(readFileSync(rosterFile), rosterFile, content);
    if (issues.length > 0) throw new Error(`synthetic roster has ${issues.length} problems`);
    return store.importRoster(records, { file: rosterFile });
  });
  console.log(`roster import (${PEOPLE} people, first load): ${ms(rosterMs)}  ${JSON.stringify(roster)}`);

  const [again, againMs] = timed(() => {
    const { records } = parseRoster(readFileSync(rosterFile), rosterFile, content);
    return store.importRoster(records, { file: rosterFile });
  });
  console.log(
    `roster re-import (${PEOPLE} people, nothing changed): ${ms(againMs)}  ${JSON.stringify(again)}`,
  );

  const [done, completionsMs] = timed(() => {
    const { records, issues } = parseCompletions(readFileSync(completionsFile), completionsFile, content);
    if (issues.length > 0) throw new Error(`synthetic completions have ${issues.length} problems`);
    return store.importCompletions(records);
  });
  console.log(
    `completions import (${COMPLETIONS} rows): ${ms(completionsMs)}  ` +
      `recorded ${done.recorded}, earlier ${done.earlier}, unchanged ${done.unchanged}, unknown ${done.unknown.length}`,
  );

  for (const filter of [
    { group: 'all-schools', completed: false },
    { group: 'vp-research', completed: false, department: 'Department 7, Synthetic' },
  ] as const) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < QUERY_RUNS; i++) {
      const [people, t] = timed(() => store.listPeople(filter));
      count = people.length;
      times.push(t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `audience query ${JSON.stringify(filter)}: ${count} people; worst ${ms(times[times.length - 1] ?? 0)}, median ${ms(times[Math.floor(times.length / 2)] ?? 0)} over ${QUERY_RUNS} runs`,
    );
  }
  store.close();
  console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
