// `npm run bench`: start-up training time (search index + classifier), answer latency over 10,000
// questions, peak memory. Prints figures; the aims (training < 300 ms, p99 < 2 ms) are judged by whoever
// reads them, not asserted here.
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnswerEngine } from '../src/answer/engine.js';
import { loadEvalQuestions } from '../src/answer/evaluate.js';
import { loadContent } from '../src/content/load.js';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    questions: { type: 'string', default: 'test/eval/questions.yml' },
    count: { type: 'string', default: '10000' },
  },
});
const count = Number(values.count);
const content = loadContent(resolve(values.content));
const base = loadEvalQuestions(resolve(values.questions)).map((q) => q.q);

// Variations of each question, so that most of the 10,000 are not verbatim repeats: a typo, a greeting in
// front, shouting, punctuation, a word dropped.
const variations = (q: string): string[] => {
  const words = q.split(' ');
  const typo = q.length > 8 ? `${q.slice(0, 4)}${q.slice(5)}` : q;
  return [q, typo, `hi, ${q}`, `${q.toUpperCase()}!!`, `${q}?`, words.slice(1).join(' ') || q, `${q} thanks`];
};
const pool = base.flatMap(variations);
const questions = Array.from({ length: count }, (_, i) => pool[i % pool.length] as string);

const builds: number[] = [];
for (let i = 0; i < 20; i++) builds.push(createAnswerEngine({ content }).buildMs);
const engine = createAnswerEngine({ content });

const times: number[] = [];
// CPU time too: on a machine shared with other work, wall-clock tails are mostly time spent descheduled.
const cpuTimes: number[] = [];
// Every fifth question as a follow-up and with a profile: the paths that apply the rules.
const profile = { role: 'staff', paid: true, area: 'central_admin' } as const;
questions.forEach((q, i) => {
  const context = i % 5 === 0 ? { profile, previous: { question: 'when is the deadline', faqId: null } } : {};
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
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sortedBuilds = [...builds].sort((a, b) => a - b);

console.log(
  `start-up training (fuse index + classifier): first ${builds[0]?.toFixed(1)} ms, median of 20 ${sortedBuilds[10]?.toFixed(1)} ms, max ${sortedBuilds.at(-1)?.toFixed(1)} ms (aim < 300 ms)`,
);
console.log(
  `answers: ${questions.length} questions (${pool.length} distinct, from ${base.length} eval questions)`,
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
console.log(
  `memory: peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, heap used ${mb(memory.heapUsed)}, rss now ${mb(memory.rss)}`,
);
