// The second institution's answers, measured as the first's are (test/answer/eval.test.ts): on its own held-out
// set, by a writer whose phrasings the engine never saw, with the cut-offs `npm run calibrate -- --content
// examples/institutions/bayline` read from its own six writers (calibration.yml; with the first three no answer
// cut-off kept the calibrator's precision target). Floors sit a little under what was measured on 2026-12-04
// with six writers (top-1 86.4%, offered 95.8%, wrong 0.6%, abstained 94.9%, disclosures 100%, personal 92.9%).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAnswerEngine } from '../../src/answer/engine.js';
import { evaluate, formatReport, loadEvalQuestions } from '../../src/answer/evaluate.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { predictWith } from '../../src/answer/predict.js';
import { loadContent } from '../../src/content/load.js';
import { alsoLearned } from '../support/content.js';

const BAYLINE = resolve(import.meta.dirname, '../../examples/institutions/bayline');
const FLOORS = { top1: 0.83, offered: 0.93, wrong: 0.02, abstained: 0.92, sensitive: 1, personal: 0.9 };

describe('examples/institutions/bayline/eval/holdout.yml (nothing was trained or tuned on it)', () => {
  const content = loadContent(BAYLINE);
  const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });
  const report = evaluate(loadEvalQuestions(resolve(BAYLINE, 'eval/holdout.yml')), predictWith(engine));
  // The figures only, never the misses: this set must not become something to tune on.
  const shown = formatReport('product', report, { misses: false });

  it('answers or offers the right entry for its FAQ questions and rarely gives a wrong one', () => {
    expect(report.top1, shown).toBeGreaterThanOrEqual(FLOORS.top1);
    expect(report.answeredOrOffered, shown).toBeGreaterThanOrEqual(FLOORS.offered);
    expect(report.confidentlyWrong, shown).toBeLessThanOrEqual(FLOORS.wrong);
  });

  it('says "not covered" to what its page does not answer, and recognises every disclosure', () => {
    expect(report.outOfScopeRecall, shown).toBeGreaterThanOrEqual(FLOORS.abstained);
    expect(report.sensitiveRecall, shown).toBeGreaterThanOrEqual(FLOORS.sensitive);
    expect(report.personalRouting, shown).toBeGreaterThanOrEqual(FLOORS.personal);
  });
}, 180_000);

it('the held-out set shares no question with the training phrasings or the FAQ questions', () => {
  const content = loadContent(BAYLINE);
  const { questions } = parse(readFileSync(resolve(BAYLINE, 'eval/holdout.yml'), 'utf8')) as {
    questions: { q: string }[];
  };
  expect(questions.length).toBeGreaterThanOrEqual(190);
  expect(
    alsoLearned(
      content,
      questions.map((q) => q.q),
    ),
  ).toEqual([]);
});
