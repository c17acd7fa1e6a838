// The learned disclosure detector, beside the patterns of intent.ts: a logistic classifier (a two-class
// softmax) over the same features as the ranker, trained at start-up on content/sensitive-examples.yml's
// disclosures against its innocuous questions, the FAQ's phrasings and the out-of-scope examples. The
// patterns catch the phrasings they were written for; the detector catches the kinds they miss (no verb
// the patterns expect, second-language English, euphemism), and its threshold is read by cross-validation.
import type { FaqEntry } from '../content/schemas.js';
import { DEFAULT_TRAIN_OPTIONS, type Example, type TrainOptions, trainSoftmax } from './classifier.js';
import { createVocabulary } from './features.js';
import { createSynonyms } from './terms.js';

export interface SensitiveInput {
  disclosures: readonly string[];
  /** Questions about the course's topics that use a disclosure's words. */
  innocuous: readonly string[];
  /** The FAQ entries: every way each is asked is a negative. */
  entries: readonly FaqEntry[];
  outOfScope: readonly string[];
}

export interface SensitiveOptions {
  train: TrainOptions;
  /** How much an innocuous question counts against a plain FAQ phrasing: they are the hard negatives. */
  innocuousWeight: number;
  /** Letter n-grams as well as words and word pairs. */
  chars: boolean;
  /**
   * Words too common to tell on their own: "my", "me" and "i" open most disclosures and many questions
   * alike, and alone they taught the detector that any first-person message is one (word pairs keep them).
   */
  stopwords: ReadonlySet<string>;
}

export const SENSITIVE_OPTIONS: SensitiveOptions = {
  train: { ...DEFAULT_TRAIN_OPTIONS, epochs: 20 },
  innocuousWeight: 1.5,
  chars: true,
  stopwords: new Set(
    (
      'i me my myself mine we us our a an the to of in on at for and or is are was be it this that do doe ' +
      'did can could will would should have has had with about from by as so just not no you your'
    ).split(' '),
  ),
};

/**
 * How the detector's probability joins the patterns, read from the grid `npm run eval` prints
 * (cross-validated over the examples, and on the development sets): at or above `alone` a message is a
 * disclosure by the detector alone (unless it is about the course and puts no one the asker knows in the
 * events); a pattern's match counts unless the detector's probability is below `veto`. A veto of 0.05
 * cut cross-validated false positives by 1.6 points and recall by 2: recall comes first, so none.
 */
export const SENSITIVE_CUTS = { alone: 0.5, veto: 0 } as const;

/** The decision: a pattern matched (its name) or not, the detector's probability, the course-topic veto. */
export function isDisclosure(
  pattern: string | null,
  probability: number,
  aboutTrainingOnly: boolean,
  cuts: { alone: number; veto: number } = SENSITIVE_CUTS,
): boolean {
  if (pattern !== null && probability >= cuts.veto) return true;
  return probability >= cuts.alone && !aboutTrainingOnly;
}

/** The fewest words the detector reads; shorter messages are left to the patterns. */
export const MIN_WORDS = 3;

export interface SensitiveDetector {
  /** The probability that a (normalised) message tells of something that happened. */
  probability(normalised: string): number;
  readonly buildMs: number;
}

export function sensitiveInput(content: {
  sensitiveExamples: { disclosures: readonly string[]; innocuous: readonly string[] };
  faq: { entries: readonly FaqEntry[] };
  outOfScope: { examples: readonly string[] };
}): SensitiveInput {
  return {
    disclosures: content.sensitiveExamples.disclosures,
    innocuous: content.sensitiveExamples.innocuous,
    entries: content.faq.entries,
    outOfScope: content.outOfScope.examples,
  };
}

export function createSensitiveDetector(
  input: SensitiveInput,
  options: SensitiveOptions = SENSITIVE_OPTIONS,
): SensitiveDetector {
  const started = performance.now();
  // The FAQ's synonyms map its own vocabulary; a disclosure's words are better left as they are.
  const vocabulary = createVocabulary(createSynonyms({ groups: [] }), {
    chars: options.chars,
    stopwords: options.stopwords,
  });
  const negatives = [...input.entries.flatMap((e) => [e.question, ...e.alternates]), ...input.outOfScope];
  const negativeWeight = negatives.length + options.innocuousWeight * input.innocuous.length;
  // The two classes weigh the same in total, whatever the number of examples of each.
  const positiveWeight = input.disclosures.length > 0 ? negativeWeight / input.disclosures.length : 1;
  const examples: Example[] = [
    ...input.disclosures.map((t) => ({ x: vocabulary.learn(t), y: 1, weight: positiveWeight })),
    ...input.innocuous.map((t) => ({ x: vocabulary.learn(t), y: 0, weight: options.innocuousWeight })),
    ...negatives.map((t) => ({ x: vocabulary.learn(t), y: 0, weight: 1 })),
  ];
  const mean = examples.reduce((a, e) => a + (e.weight ?? 1), 0) / Math.max(1, examples.length);
  // Weights averaging 1 keep the step size the classifier's options were chosen for.
  for (const e of examples) e.weight = (e.weight ?? 1) / mean;
  const model = trainSoftmax(examples, vocabulary.size, 2, options.train);
  const buildMs = performance.now() - started;
  return {
    buildMs,
    // Under MIN_WORDS words ("hi", "help") there is too little to read: the prior alone would speak.
    probability: (normalised) =>
      normalised.split(' ').length < MIN_WORDS
        ? 0
        : (model.probabilities(vocabulary.vector(normalised))[1] as number),
  };
}

export interface SensitiveFold {
  text: string;
  disclosure: boolean;
  /** Whether the text is a hard negative (an innocuous question using a disclosure's words). */
  innocuous: boolean;
  probability: number;
}

/**
 * k-fold cross-validation of the detector: each fold leaves out one in k of the disclosures, of the
 * innocuous questions and of the FAQ phrasings, and scores what it left out.
 */
export function sensitiveOutOfFold(
  input: SensitiveInput,
  options: SensitiveOptions = SENSITIVE_OPTIONS,
  k = 5,
): SensitiveFold[] {
  const out: SensitiveFold[] = [];
  const held = (i: number, fold: number) => i % k === fold;
  for (let fold = 0; fold < k; fold++) {
    const keep = <T>(items: readonly T[]) => items.filter((_, i) => !held(i, fold));
    const left = <T>(items: readonly T[]) => items.filter((_, i) => held(i, fold));
    const entries = input.entries.map((e, i) => ({
      ...e,
      alternates: e.alternates.filter((_, j) => !held(i + j, fold)),
    }));
    const detector = createSensitiveDetector(
      {
        disclosures: keep(input.disclosures),
        innocuous: keep(input.innocuous),
        entries,
        outOfScope: keep(input.outOfScope),
      },
      options,
    );
    const score = (text: string, disclosure: boolean, innocuous: boolean) =>
      out.push({ text, disclosure, innocuous, probability: detector.probability(text) });
    for (const t of left(input.disclosures)) score(t, true, false);
    for (const t of left(input.innocuous)) score(t, false, true);
    for (const t of left(input.outOfScope)) score(t, false, false);
    input.entries.forEach((e, i) => {
      e.alternates.forEach((t, j) => {
        if (held(i + j, fold)) score(t, false, false);
      });
    });
  }
  return out;
}

/** Recall on disclosures and false positives on the rest, at a threshold. */
export function sensitiveFigures(folds: readonly SensitiveFold[], threshold: number) {
  const pos = folds.filter((f) => f.disclosure);
  const neg = folds.filter((f) => !f.disclosure);
  const hard = neg.filter((f) => f.innocuous);
  const share = (xs: readonly SensitiveFold[]) =>
    xs.length ? xs.filter((f) => f.probability >= threshold).length / xs.length : Number.NaN;
  return {
    recall: share(pos),
    falsePositive: share(neg),
    innocuousFalsePositive: share(hard),
    n: { disclosures: pos.length, negatives: neg.length, innocuous: hard.length },
  };
}
