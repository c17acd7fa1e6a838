// `npm run eval`: the product's figures on each labelled set (test/eval/questions.yml, the development set,
// the second development set test/eval/dev-2.yml, and the holdout set test/eval/holdout.yml), the three ranker designs side by side (cross-validated over
// the content's phrasings, and on each set), the reliability curve, and the plain baselines.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fitCalibration, formatCurve, reliabilityCurve } from '../src/answer/calibrate.js';
import { FOLDS, outOfFold, rankingFigures, scoreWith } from '../src/answer/cross-validate.js';
import { createAnswerEngine, rankerInput } from '../src/answer/engine.js';
import { type EvalQuestion, evaluate, formatReport, loadEvalQuestions } from '../src/answer/evaluate.js';
import { isQuestionAboutTheTopic, sensitiveMatch } from '../src/answer/intent.js';
import { normalise } from '../src/answer/normalise.js';
import { predictWith } from '../src/answer/predict.js';
import { confidence, createRanker, type Design, RANKER_OPTIONS } from '../src/answer/ranker.js';
import {
  createSensitiveDetector,
  isDisclosure,
  SENSITIVE_CUTS,
  sensitiveInput,
  sensitiveOutOfFold,
} from '../src/answer/sensitive.js';
import { loadContent } from '../src/content/load.js';
import { baselines } from './baselines.js';

const DEV = 'test/eval/questions.yml';
const DEV_2 = 'test/eval/dev-2.yml';
const HOLDOUT = 'test/eval/holdout.yml';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    // Repeat for several sets; by default both development sets, then the holdout set.
    questions: { type: 'string', multiple: true },
    misses: { type: 'boolean', default: true },
  },
});
const paths = values.questions ?? [DEV, DEV_2, HOLDOUT].filter((path) => existsSync(resolve(path)));
const sets = paths.map((path) => ({ path, questions: loadEvalQuestions(resolve(path)) }));
const content = loadContent(resolve(values.content));
const input = rankerInput(content);
const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`);

const rankable = (questions: readonly EvalQuestion[]) =>
  questions
    .filter((q) => (q.expect === 'faq' || q.expect === 'unknown') && q.after === undefined && !q.also)
    .map((q) => ({ text: q.q, expected: q.expect === 'faq' ? (q.faq ?? null) : null }));

// ---------------------------------------------------------------- the product, set by set
const engine = createAnswerEngine({ content });
for (const { path, questions } of sets) {
  console.log(
    formatReport(`product on ${path}`, evaluate(questions, predictWith(engine)), { misses: values.misses }),
  );
  const scored = scoreWith(createRanker(input), rankable(questions));
  console.log(formatCurve(reliabilityCurve(scored, engine.calibration), engine.calibration));
  console.log('');
}

// ---------------------------------------------------------------- the designs, side by side
// Each design gets its own calibration, fitted the same way (cross-validated phrasings + development set).
console.log(
  `designs compared (${FOLDS}-fold cross-validation over the entries' alternates and the out-of-scope examples; then each set)`,
);
const devScoredFor = (design: Design) =>
  scoreWith(createRanker(input, { ...RANKER_OPTIONS, design }), rankable(sets[0]?.questions ?? []));
for (const design of ['fuse', 'classifier', 'combined'] as const) {
  const options = { ...RANKER_OPTIONS, design };
  const folds = outOfFold(input, options);
  const cv = rankingFigures(folds);
  const devScored = devScoredFor(design);
  const calibration = fitCalibration([...folds, ...devScored], devScored);
  // On the held-out phrasings: answered right, or given a wrong entry, at the design's own cut-off.
  const answered = folds.filter((s) => confidence(s.ranking, calibration) >= calibration.answerAt);
  const cvRight =
    answered.filter((s) => s.ranking.hits[0]?.entry.id === s.expected).length /
    folds.filter((s) => s.expected !== null).length;
  const cvWrong = answered.filter((s) => s.ranking.hits[0]?.entry.id !== s.expected).length / folds.length;
  const designEngine = createAnswerEngine({ content, ranker: options, calibration });
  const line = [
    `  ${design.padEnd(10)} CV top-1 ${pct(cv.top1)} top-3 ${pct(cv.top3)} answered right ${pct(cvRight)} wrong ${pct(cvWrong)} (n=${folds.length})`,
  ];
  for (const { path, questions } of sets) {
    const r = evaluate(questions, predictWith(designEngine));
    line.push(
      `| ${path.replace(/^test\/eval\//, '')}: top-1 ${pct(r.top1)} wrong ${pct(r.confidentlyWrong)} abstain ${pct(r.outOfScopeRecall)}`,
    );
  }
  console.log(line.join(' '));
}
console.log(`  shipped design: ${RANKER_OPTIONS.design}`);
console.log('');

// ---------------------------------------------------------------- the disclosure detector
// Patterns and the learned detector together, as the engine decides, over a grid of the two cut-offs:
// cross-validated over content/sensitive-examples.yml (disclosures against its innocuous questions, the
// FAQ's phrasings and the out-of-scope examples), then on each set with the detector trained on all of it.
{
  const sInput = sensitiveInput(content);
  const folds = sensitiveOutOfFold(sInput).map((f) => ({ ...f, n: normalise(f.text) }));
  const detector = createSensitiveDetector(sInput);
  const perSet = sets.map(({ path, questions }) => ({
    path,
    items: questions.map((q) => {
      const n = normalise(q.q);
      return { n, disclosure: q.expect === 'sensitive', probability: detector.probability(n) };
    }),
  }));
  type Item = { n: string; disclosure: boolean; probability: number };
  const figures = (items: readonly Item[], cuts: { alone: number; veto: number }) => {
    const said = (x: Item) =>
      isDisclosure(sensitiveMatch(x.n), x.probability, isQuestionAboutTheTopic(x.n), cuts);
    const pos = items.filter((x) => x.disclosure);
    const neg = items.filter((x) => !x.disclosure);
    return `recall ${pct(pos.filter(said).length / pos.length)} false positives ${pct(neg.filter(said).length / neg.length)}`;
  };
  console.log(
    `disclosure detector: patterns + learned (5-fold CV over the examples: ${folds.filter((f) => f.disclosure).length} disclosures, ${folds.filter((f) => !f.disclosure).length} negatives; then each set)`,
  );
  for (const veto of [0, 0.05, 0.1])
    for (const alone of [0.3, 0.4, 0.5, 0.6, 0.7]) {
      const cuts = { alone, veto };
      const shipped = alone === SENSITIVE_CUTS.alone && veto === SENSITIVE_CUTS.veto ? '  (shipped)' : '';
      const line = [`  alone ≥ ${alone.toFixed(2)} veto < ${veto.toFixed(2)}: CV ${figures(folds, cuts)}`];
      for (const { path, items } of perSet)
        line.push(`| ${path.replace(/^test\/eval\//, '')}: ${figures(items, cuts)}`);
      console.log(`${line.join(' ')}${shipped}`);
    }
  console.log('');
}

// ---------------------------------------------------------------- baselines
for (const { path, questions } of sets)
  for (const { name, predict } of baselines(content))
    console.log(formatReport(`${name} on ${path}`, evaluate(questions, predict), { misses: false }));
