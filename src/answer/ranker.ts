// The learned ranker: a softmax classifier over every way an entry is asked (its question and alternates)
// plus an out-of-scope class trained on content/out-of-scope.yml, combined with the fuse.js search, which
// keeps its typo tolerance. Trained from content at start-up; `npm run eval` compares the designs.
import { createHash } from 'node:crypto';
import type { FaqEntry, SynonymsFile } from '../content/schemas.js';
import {
  DEFAULT_TRAIN_OPTIONS,
  type Example,
  type SoftmaxModel,
  sigmoid,
  type TrainOptions,
  trainSoftmax,
} from './classifier.js';
import { createVocabulary, type Vocabulary } from './features.js';
import { createFaqSearch, type FaqSearch, type SearchHit } from './search.js';
import { createSynonyms } from './terms.js';

/** How the entries are scored: the search alone, the classifier alone, or both. */
export type Design = 'fuse' | 'classifier' | 'combined';

export interface RankerOptions {
  design: Design;
  /** The classifier's share of an entry's score in the combined design (the rest is the search's). */
  classifierShare: number;
  /** Weight of each out-of-scope example: there are many more of them than phrasings of one entry. */
  outOfScopeWeight: number;
  train: TrainOptions;
}

/**
 * The measured best (`npm run eval` prints the three designs side by side, cross-validated over the
 * entries' phrasings, and on the development set).
 */
export const RANKER_OPTIONS: RankerOptions = {
  design: 'combined',
  classifierShare: 0.5,
  outOfScopeWeight: 0.5,
  // More epochs gave the same cross-validated figures and cost training time.
  train: { ...DEFAULT_TRAIN_OPTIONS, epochs: 10 },
};

/** What the ranker knows about one question: the entries ranked, and what the calibration reads. */
export interface Ranking {
  hits: SearchHit[];
  /** The classifier's probability that the question is none of the entries' (0 in the fuse design). */
  outOfScope: number;
  /** The search's best score, whatever the design (its coverage measure). */
  searchTop: number;
}

export interface Ranker {
  rank(question: string): Ranking;
  /** The fuse search underneath, for the routing that looks at a question's terms. */
  readonly search: FaqSearch;
  /** Training time in milliseconds (vocabulary, model and search index), for the bench. */
  readonly buildMs: number;
}

export interface RankerInput {
  entries: readonly FaqEntry[];
  synonyms: SynonymsFile;
  outOfScope: readonly string[];
}

export function createRanker(input: RankerInput, options: RankerOptions = RANKER_OPTIONS): Ranker {
  const started = performance.now();
  const { entries } = input;
  const search = createFaqSearch(entries, input.synonyms);
  const outClass = entries.length;
  let model: SoftmaxModel | null = null;
  let vocabulary: Vocabulary | null = null;
  if (options.design !== 'fuse') {
    vocabulary = createVocabulary(createSynonyms(input.synonyms));
    const examples: Example[] = [];
    entries.forEach((entry, y) => {
      for (const text of [entry.question, ...entry.alternates])
        examples.push({ x: (vocabulary as Vocabulary).learn(text), y });
    });
    for (const text of input.outOfScope)
      examples.push({ x: vocabulary.learn(text), y: outClass, weight: options.outOfScopeWeight });
    model = trainSoftmax(examples, vocabulary.size, entries.length + 1, options.train);
  }
  const buildMs = performance.now() - started;

  const rank = (question: string): Ranking => {
    const fuseHits = search.search(question);
    const searchTop = fuseHits[0]?.score ?? 0;
    if (!model || !vocabulary) return { hits: fuseHits, outOfScope: 0, searchTop };
    const p = model.probabilities(vocabulary.vector(question));
    const fuseScore = new Map(fuseHits.map((h) => [h.entry.id, h]));
    const share = options.design === 'classifier' ? 1 : options.classifierShare;
    const hits: SearchHit[] = entries.map((entry, c) => {
      const found = fuseScore.get(entry.id);
      return {
        entry,
        score: share * (p[c] as number) + (1 - share) * (found?.score ?? 0),
        field: found?.field ?? 'question',
      };
    });
    hits.sort((a, b) => b.score - a.score);
    return { hits, outOfScope: p[outClass] as number, searchTop };
  };

  return { rank, search, buildMs };
}

// ---------------------------------------------------------------- calibration

/** The raw signals the calibration reads from a ranking: best score, its lead, out-of-scope, search. */
export function signals(ranking: Ranking): number[] {
  const [top, ...rest] = ranking.hits;
  const best = top?.score ?? 0;
  // Two related entries are not a dilemma (the answer lists the other as a related question): the lead
  // that counts is over the best entry unrelated to the top one.
  const rival = top ? rest.find((h) => !related(top.entry, h.entry)) : undefined;
  return [best, best - (rival?.score ?? 0), ranking.outOfScope, ranking.searchTop];
}

export function related(a: FaqEntry, b: FaqEntry): boolean {
  return a.related.includes(b.id) || b.related.includes(a.id);
}

/** A logistic map from the signals to P(the best entry is the right answer), fitted by `npm run calibrate`. */
export interface Calibration {
  weights: number[];
  bias: number;
  /** At or above: the answer. Chosen from the reliability curve (see scripts/calibrate.ts). */
  answerAt: number;
  /** At or above (and below answerAt): "not sure, here are the closest three". Below: "I don't know". */
  suggestAt: number;
}

export function confidence(ranking: Ranking, calibration: Calibration): number {
  const x = signals(ranking);
  let z = calibration.bias;
  for (let i = 0; i < x.length; i++) z += (calibration.weights[i] ?? 0) * (x[i] as number);
  return sigmoid(z);
}

/**
 * What the calibration was fitted for: the training content and the ranker's options. A calibration
 * whose fingerprint differs from the running content's is stale (`npm run calibrate` refits it).
 */
export function trainingFingerprint(input: RankerInput, options: RankerOptions = RANKER_OPTIONS): string {
  const phrasings = input.entries.map((e) => [e.id, e.question, ...e.alternates, e.related]);
  return createHash('sha256')
    .update(JSON.stringify([phrasings, input.synonyms, input.outOfScope, options]))
    .digest('hex')
    .slice(0, 16);
}
