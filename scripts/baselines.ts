// The plain baselines the product is compared with, on the same questions: fuse.js with its defaults,
// BM25 (minisearch's default scoring), and a plain TF-IDF logistic regression on the same training data.
// None routes intents: each answers with its top hit, or "unknown" when it finds nothing; the regression with
// out-of-scope as one more class also abstains below p 0.2 (the "answer only if p >= 0.2").
// `npm run eval` prints them beside the product; `npm run eval:baselines` prints them alone; with
// `-- --cross-validate`, the product and the plain regressions on the same folds of writers, no holdout used.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { decisionsOf, figuresOf } from '../src/answer/calibrate.js';
import { OUT_OF_SCOPE, trainingExamples } from '../src/answer/corpus.js';
import { foldTrainingSets, groupedCrossValidation, writerGroups } from '../src/answer/cross-validate.js';
import { cutoffsOf, ENGINE_OPTIONS } from '../src/answer/engine.js';
import { evaluate, formatReport, loadEvalQuestions, type Prediction } from '../src/answer/evaluate.js';
import type { IntentModel, Labelled } from '../src/answer/intent-model.js';
import { loadOrTrain, MODEL_CACHE_DIR } from '../src/answer/model-cache.js';
import { plainForIndex } from '../src/answer/terms.js';
import { type Content, loadContent } from '../src/content/load.js';

export type Predictor = (q: string) => Prediction;

/** Word 1-2-grams and letter 2-5-grams inside words: no stemmer, no synonyms. */
const PLAIN_FEATURES = { stemmer: false, synonyms: false, chars: true };
/** The product's gradient descent as it was before round 10, without the dropout it added. */
const PLAIN_TRAIN = { epochs: 10, learningRate: 0.8, decay: 0.2, l2: 1e-6, seed: 1 };

const PLAIN_OPTIONS = { features: PLAIN_FEATURES, train: PLAIN_TRAIN };

/**
 * The plain regression over the FAQ entries' phrasings, and those of the other labels `also` admits; kept in
 * the model cache (a second run, or a second test of the same run, reads it instead of training again).
 */
function trainPlain(
  examples: readonly Labelled[],
  ids: ReadonlySet<string>,
  also: (label: string) => boolean,
): Pick<IntentModel, 'predict'> {
  const chosen = examples.filter((e) => ids.has(e.label) || also(e.label));
  return loadOrTrain(chosen, null, null, PLAIN_OPTIONS, MODEL_CACHE_DIR).model;
}

const fromRanking = (ranked: string[]): Prediction => {
  const [top] = ranked;
  return top === undefined ? { kind: 'unknown', faq: null, ranked } : { kind: 'faq', faq: top, ranked };
};

export function baselines(content: Content): { name: string; predict: Predictor }[] {
  const entries = content.faq.entries;

  // 1. fuse.js with its default options, over the canonical questions only.
  const fuse = new Fuse(entries, { keys: ['question'] });

  // 2. BM25 (minisearch's default scoring) over question and answer.
  const mini = new MiniSearch<{ id: string; question: string; answer: string }>({
    fields: ['question', 'answer'],
  });
  mini.addAll(entries.map((e) => ({ id: e.id, question: e.question, answer: plainForIndex(e.answer) })));

  // 3. The plain TF-IDF logistic regression (word 1-2-grams + letter 2-5-grams, no stemmer, no synonyms,
  // no routing, no cut-off), trained on the same phrasings as the product: the FAQ entries alone (always
  // answers its best entry), and with out-of-scope as one more class, answering only at p ≥ 0.2.
  const ids = new Set(entries.map((e) => e.id));
  const entriesOnly = trainPlain(trainingExamples(content), ids, () => false);
  const withOutOfScope = plainWithOutOfScope(content);
  const plain: Predictor = (q) => fromRanking(entriesOnly.predict(q).map((s) => s.label));
  const plainAbstaining = abstainingAt(withOutOfScope, ids, 0.2);

  return [
    {
      name: 'baseline: fuse.js defaults, canonical questions only',
      predict: (q) => fromRanking(fuse.search(q).map((r) => r.item.id)),
    },
    {
      name: 'baseline: BM25 (minisearch defaults), question + answer',
      predict: (q) => fromRanking(mini.search(q).map((r) => String(r.id))),
    },
    { name: 'baseline: plain TF-IDF logistic regression, FAQ classes, same training data', predict: plain },
    {
      name: 'baseline: plain TF-IDF logistic regression + out-of-scope class, answers at p ≥ 0.2, same training data',
      predict: plainAbstaining,
    },
  ];
}

/**
 * The plain TF-IDF logistic regression with out-of-scope as a class, answering its best entry only at
 * `answerAt` or above: at 0.2 in the run's baselines; raised, to compare the product with it at the same
 * share of wrong answers (test/answer/eval.test.ts).
 */
export function abstainingAt(
  model: Pick<IntentModel, 'predict'>,
  ids: ReadonlySet<string>,
  answerAt: number,
): Predictor {
  return (q) => {
    const scores = model.predict(q);
    const ranked = scores.filter((s) => ids.has(s.label)).map((s) => s.label);
    const [top] = scores;
    return top && answersAt(top, ids, answerAt)
      ? { kind: 'faq', faq: top.label, ranked }
      : { kind: 'unknown', faq: null, ranked };
  };
}

/** Whether the plain regression answers with its likeliest label: an entry, at `answerAt` or above. */
function answersAt(top: { label: string; p: number }, ids: ReadonlySet<string>, answerAt: number): boolean {
  return ids.has(top.label) && top.p >= answerAt;
}

/** The plain regression with out-of-scope as a class, as `baselines` trains it. */
export function plainWithOutOfScope(content: Content): Pick<IntentModel, 'predict'> {
  const ids = new Set(content.faq.entries.map((e) => e.id));
  return trainPlain(trainingExamples(content), ids, (label) => label === OUT_OF_SCOPE);
}

export interface CrossValidated {
  name: string;
  /** FAQ phrasings answered with their entry. */
  top1: number;
  /** Of FAQ and out-of-scope phrasings, the share answered with a wrong entry. */
  wrong: number;
}

/**
 * The product and the plain regressions on the same folds of writers, where no holdout is used: the quick
 * cross-validation's eight groups (as `content check` deals them), each model trained without a group's
 * writers answering that group's phrasings. Beside the product as shipped: the product answering every
 * phrasing whose likeliest label is an entry (no answer cut-off: the most any cut-off could give), and the
 * abstaining regression with its cut-off raised until it is wrong no more often than the product.
 */
export function crossValidated(content: Content): CrossValidated[] {
  const ids = new Set(content.faq.entries.map((e) => e.id));
  const isEntry = (label: string) => ids.has(label);
  const examples = trainingExamples(content);
  const held = groupedCrossValidation(content, ENGINE_OPTIONS.model, examples);
  const cutoffs = cutoffsOf(content);
  const product = (answerAt: number) =>
    figuresOf(held, decisionsOf(held, { ...cutoffs, answerAt }, isEntry), isEntry);

  // Each plain regression's likeliest label and its probability, for the held-out FAQ and out-of-scope phrasings.
  const scoped = (label: string) => isEntry(label) || label === OUT_OF_SCOPE;
  const read = { always: [] as Read[], abstaining: [] as Read[] };
  for (const fold of foldTrainingSets(examples, (writers) => writerGroups(writers))) {
    const always = trainPlain(fold.examples, ids, () => false);
    const abstaining = trainPlain(fold.examples, ids, (label) => label === OUT_OF_SCOPE);
    for (const e of examples) {
      if (!fold.left.has(e.writer) || !scoped(e.label)) continue;
      for (const [into, model] of [
        [read.always, always],
        [read.abstaining, abstaining],
      ] as const) {
        const [top = { label: OUT_OF_SCOPE, p: 0 }] = model.predict(e.text);
        into.push({ label: e.label, top });
      }
    }
  }
  const plainAt = (reads: readonly Read[], answerAt: number) => {
    const answered = (r: Read) => answersAt(r.top, ids, answerAt);
    const faq = reads.filter((r) => isEntry(r.label));
    return {
      top1: faq.filter((r) => answered(r) && r.top.label === r.label).length / faq.length,
      wrong: reads.filter((r) => answered(r) && r.top.label !== r.label).length / reads.length,
    };
  };

  const shipped = product(cutoffs.answerAt);
  const uncut = product(0);
  const raised =
    Array.from({ length: 80 }, (_, i) => 0.2 + i * 0.01).find(
      (t) => plainAt(read.abstaining, t).wrong <= shipped.wrong,
    ) ?? 1;
  const row = (name: string, f: { top1: number; wrong: number }) => ({ name, top1: f.top1, wrong: f.wrong });
  return [
    row(`product (answer cut-off ${cutoffs.answerAt})`, shipped),
    row('product, no answer cut-off', uncut),
    row('plain regression, FAQ classes, always answers', plainAt(read.always, 0)),
    row('plain regression + out-of-scope class, answers at p ≥ 0.2', plainAt(read.abstaining, 0.2)),
    row(
      `plain regression + out-of-scope class, at p ≥ ${raised.toFixed(2)} (wrong no more often than the product)`,
      plainAt(read.abstaining, raised),
    ),
  ];
}

/** A plain regression's reading of a held-out phrasing. */
interface Read {
  label: string;
  top: { label: string; p: number };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      content: { type: 'string', default: 'content' },
      questions: { type: 'string', default: 'test/eval/holdout.yml' },
      // The product and the plain regressions on the same folds of writers, instead of a question set.
      'cross-validate': { type: 'boolean', default: false },
    },
  });
  if (values['cross-validate']) {
    const content = loadContent(resolve(values.content));
    console.log('cross-validation, eight groups of writers (no holdout used):');
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    for (const row of crossValidated(content))
      console.log(`  ${row.name.padEnd(92)} top-1 ${pct(row.top1)}  wrong ${pct(row.wrong)}`);
  } else {
    const questions = loadEvalQuestions(resolve(values.questions));
    for (const { name, predict } of baselines(loadContent(resolve(values.content))))
      console.log(formatReport(name, evaluate(questions, predict), { misses: false }));
  }
}
