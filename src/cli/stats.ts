// `cli stats`: 👍/👎 per FAQ entry and answers per kind and day. Counts only: no person, no question appears.
import { loadContent } from '../content/load.js';
import type { DayCount, FeedbackCount } from '../store/index.js';
import { reportingStoreErrors } from './db.js';
import { type CliIo, CliUsageError, contentDir, parseCliArgs } from './io.js';
import { openCliMisses } from './misses.js';

/** The columns of the per-day table, in this order; a kind the code no longer has still gets a column. */
export const KIND_COLUMNS = [
  'faq',
  'personal',
  'sensitive',
  'greeting',
  'did-you-mean',
  'out-of-scope',
] as const;

export function createStatsCommand(deps: { now: () => Date }) {
  return (args: string[], io: CliIo): Promise<number> =>
    reportingStoreErrors(io, async () => {
      const { values, positionals } = parseCliArgs(args, {
        db: { type: 'string' },
        content: { type: 'string' },
        json: { type: 'boolean' },
      });
      if (positionals.length > 0)
        throw new CliUsageError(`Unexpected argument ${JSON.stringify(positionals[0])}.`);
      const content = loadContent(contentDir(values.content, io));
      const { store } = await openCliMisses(values.db, io, content, deps.now);
      try {
        const feedback = await store.feedback.counts();
        const counts = await store.misses.answerCounts();
        io.out(
          values.json
            ? JSON.stringify({ feedback, answers: byDay(counts) }, null, 2)
            : renderStats(feedback, counts),
        );
      } finally {
        await store.close();
      }
      return 0;
    });
}

export const run = createStatsCommand({ now: () => new Date() });

export function byDay(counts: readonly DayCount[]): { day: string; counts: Record<string, number> }[] {
  const days = new Map<string, Record<string, number>>();
  for (const { day, kind, count } of counts) {
    const row = days.get(day) ?? Object.fromEntries(KIND_COLUMNS.map((k) => [k, 0]));
    row[kind] = count;
    days.set(day, row);
  }
  return [...days].map(([day, c]) => ({ day, counts: c }));
}

export function renderStats(feedback: readonly FeedbackCount[], counts: readonly DayCount[]): string {
  const lines = ['Feedback per FAQ entry (👍 helpful / 👎 not):'];
  if (feedback.length === 0) lines.push('  none yet');
  const width = Math.max(0, ...feedback.map((f) => f.faqId.length));
  for (const f of feedback) lines.push(`  ${f.faqId.padEnd(width)}  👍 ${f.helpful}  👎 ${f.unhelpful}`);
  const days = byDay(counts);
  const kinds = [...new Set([...KIND_COLUMNS, ...counts.map((c) => c.kind)])];
  lines.push('', `Answers per day (${kinds.join(' / ')}):`);
  if (days.length === 0) lines.push('  none yet');
  for (const { day, counts: c } of days) lines.push(`  ${day}  ${kinds.map((k) => c[k] ?? 0).join(' / ')}`);
  return lines.join('\n');
}
