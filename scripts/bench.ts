// `npm run bench`: start-up (the model trained, or read from its cache, and the search index), answer
// latency over 10,000 questions, peak memory (of this process, which trains, and of a process that only reads
// the model from its cache, as a start after `cli model build` does). Prints figures; the aims (start-up
// < 500 ms, p99 < 2 ms) are judged by whoever reads them, not asserted here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnswerEngine, ENGINE_OPTIONS } from '../src/answer/engine.js';
import { forgetModels, MODEL_CACHE_DIR } from '../src/answer/model-cache.js';
import { loadContent } from '../src/content/load.js';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    count: { type: 'string', default: '10000' },
    // Internal: this script run again in a process of its own, which reads the model kept in this folder (by
    // the seed given) and prints what that start took and its peak memory.
    'start-from': { type: 'string' },
    seed: { type: 'string' },
  },
});
const count = Number(values.count);
const content = loadContent(resolve(values.content));
const withSeed = (seed: number) => ({
  ...ENGINE_OPTIONS,
  model: { ...ENGINE_OPTIONS.model, train: { ...ENGINE_OPTIONS.model.train, seed } },
});
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/**
 * This process's peak resident memory: VmHWM where Linux gives it (since this program started), else maxRSS,
 * which on Linux also counts the parent's memory at the fork that started it.
 */
const peakRss = (): number => {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
};

if (values['start-from'] !== undefined) {
  const started = createAnswerEngine({
    content,
    options: withSeed(Number(values.seed)),
    cacheDir: values['start-from'],
  });
  if (started.modelSource !== 'cache-file')
    throw new Error(`expected a cache load, got ${started.modelSource}`);
  started.answer('do I have to take it every year?');
  console.log(
    `start-up in a process of its own, model read from its cache: ${started.buildMs.toFixed(1)} ms, peak RSS ${mb(peakRss())} (after one answer)`,
  );
  process.exit(0);
}
// The questions: the training phrasings, as people wrote them (latency only; no figure of quality here).
const base = content.training.phrasings.map((p) => p.text);

// Variations of each question, so that most of the 10,000 are not verbatim repeats: a typo, a greeting in
// front, shouting, punctuation, a word dropped.
const variations = (q: string): string[] => {
  const words = q.split(' ');
  const typo = q.length > 8 ? `${q.slice(0, 4)}${q.slice(5)}` : q;
  return [q, typo, `hi, ${q}`, `${q.toUpperCase()}!!`, `${q}?`, words.slice(1).join(' ') || q, `${q} thanks`];
};
const pool = base.flatMap(variations);
const questions = Array.from({ length: count }, (_, i) => pool[i % pool.length] as string);

// A start with an empty cache trains; every later start with the same content reads the cache. Each
// build below is a fresh engine over a fresh cache folder (the in-process memory is bypassed by a copy of
// the training examples with a new seed, so nothing is shared between rounds).
const cacheDir = mkdtempSync(join(tmpdir(), 'bench-model-'));
const trainings: number[] = [];
const loads: number[] = [];
for (let i = 0; i < 5; i++) {
  const options = withSeed(100 + i);
  const trained = createAnswerEngine({ content, options, cacheDir });
  trainings.push(trained.buildMs);
  forgetModels();
  const loaded = createAnswerEngine({ content, options, cacheDir });
  if (loaded.modelSource !== 'cache-file')
    throw new Error(`expected a cache load, got ${loaded.modelSource}`);
  loads.push(loaded.buildMs);
}
// The last model kept, read by a process that trains nothing: the memory a replica starts with.
const alone = spawnSync(
  process.execPath,
  [
    ...process.execArgv,
    process.argv[1] ?? '',
    '--content',
    values.content,
    '--start-from',
    cacheDir,
    '--seed',
    '104',
  ],
  { encoding: 'utf8' },
);
const startAlone =
  alone.status === 0 ? alone.stdout.trim() : `(could not be measured: ${alone.stderr.trim()})`;
rmSync(cacheDir, { recursive: true, force: true });
// The content's model as a start reads it (from the model cache, trained and kept there when it is not).
const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });

const times: number[] = [];
// CPU time too: on a machine shared with other work, wall-clock tails are mostly time spent descheduled.
const cpuTimes: number[] = [];
// Every fifth question with a profile: the paths that apply the rules.
const profile = { role: 'staff', paid: true, area: 'central_admin' } as const;
questions.forEach((q, i) => {
  const context = i % 5 === 0 ? { profile } : {};
  const cpu = process.cpuUsage();
  const started = performance.now();
  engine.answer(q, context);
  times.push(performance.now() - started);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
});
cpuTimes.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(
  `start-up, model read from its cache: median ${median(loads).toFixed(1)} ms, max ${Math.max(...loads).toFixed(1)} ms (aim < 500 ms)`,
);
console.log(startAlone);
console.log(
  `start-up, model trained (first start with new content): median ${median(trainings).toFixed(0)} ms, max ${Math.max(...trainings).toFixed(0)} ms`,
);
console.log(
  `answers: ${questions.length} questions (${pool.length} distinct, from ${base.length} training phrasings)`,
);
console.log(
  `  p50 ${at(50).toFixed(3)} ms  p99 ${at(99).toFixed(3)} ms  max ${at(100).toFixed(3)} ms (aim p99 < 2 ms)`,
);
const cpuAt = (p: number) =>
  cpuTimes[Math.min(cpuTimes.length - 1, Math.floor((p / 100) * cpuTimes.length))] ?? 0;
console.log(`  cpu time per answer: p50 ${cpuAt(50).toFixed(3)} ms  p99 ${cpuAt(99).toFixed(3)} ms`);
console.log(`  total ${times.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
console.log(
  `  load average now: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${availableParallelism()} cores`,
);
const memory = process.memoryUsage();
console.log(`memory: peak RSS ${mb(peakRss())}, heap used ${mb(memory.heapUsed)}, rss now ${mb(memory.rss)}`);
