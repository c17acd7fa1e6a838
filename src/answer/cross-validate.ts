// k-fold cross-validation over the content's own phrasings: each fold trains the ranker without some of
// every entry's alternates (and some out-of-scope examples) and ranks what it left out. What the
// design comparison and the calibration are measured on, besides the development set.
import { createRanker, type Ranker, type RankerInput, type RankerOptions, type Ranking } from './ranker.js';

export interface Scored {
  text: string;
  /** The right entry, or null for a question no entry answers. */
  expected: string | null;
  ranking: Ranking;
}

export const FOLDS = 5;

/** Which fold a phrasing is held out in: spread so each fold holds about one in k of every entry's. */
function foldOf(entry: number, phrasing: number, k: number): number {
  return (entry + phrasing) % k;
}

export function outOfFold(input: RankerInput, options: RankerOptions, k = FOLDS): Scored[] {
  const scored: Scored[] = [];
  for (let fold = 0; fold < k; fold++) {
    const held: { text: string; expected: string | null }[] = [];
    const entries = input.entries.map((entry, i) => ({
      ...entry,
      alternates: entry.alternates.filter((text, j) => {
        if (foldOf(i, j, k) !== fold) return true;
        held.push({ text, expected: entry.id });
        return false;
      }),
    }));
    const outOfScope = input.outOfScope.filter((text, j) => {
      if (j % k !== fold) return true;
      held.push({ text, expected: null });
      return false;
    });
    const ranker = createRanker({ entries, synonyms: input.synonyms, outOfScope }, options);
    for (const h of held) scored.push({ ...h, ranking: ranker.rank(h.text) });
  }
  return scored;
}

/** The same records for labelled questions ranked by one ranker trained on all the content. */
export function scoreWith(
  ranker: Ranker,
  questions: readonly { text: string; expected: string | null }[],
): Scored[] {
  return questions.map((q) => ({ ...q, ranking: ranker.rank(q.text) }));
}

/** Top-1 and top-3 over the records that have a right entry; how often the best is right overall. */
export function rankingFigures(scored: readonly Scored[]): { top1: number; top3: number; n: number } {
  const answerable = scored.filter((s) => s.expected !== null);
  const top1 = answerable.filter((s) => s.ranking.hits[0]?.entry.id === s.expected).length;
  const top3 = answerable.filter((s) =>
    s.ranking.hits.slice(0, 3).some((h) => h.entry.id === s.expected),
  ).length;
  const n = answerable.length;
  return { top1: n ? top1 / n : Number.NaN, top3: n ? top3 / n : Number.NaN, n };
}
