// The second institution's answers, measured as the first's are (test/answer/eval.test.ts): on its own held-out
// set, by a writer whose phrasings the engine never saw, with the cut-offs `npm run calibrate -- --content
// examples/institutions/bayline` read from its own three writers (calibration.yml). With three writers no answer
// cut-off keeps the calibrator's precision target, so it reads answerAt 1: nothing is answered outright yet,
// the right entry is offered under "did you mean" instead. Floors sit a little under what was measured on
// 2026-12-04 (offered 94.9%, wrong 0%, abstained 97.4%, disclosures 100%, personal 100%); top-1 gets a floor once
// more writers let the calibration answer.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createAnswerEngine } from '../../src/answer/engine.js';
import { evaluate, formatReport, loadEvalQuestions } from '../../src/answer/evaluate.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { predictWith } from '../../src/answer/predict.js';
import { loadContent } from '../../src/content/load.js';

const BAYLINE = resolve(import.meta.dirname, '../../examples/institutions/bayline');
const FLOORS = { offered: 0.93, wrong: 0.02, abstained: 0.95, sensitive: 1, personal: 0.95 };

describe('examples/institutions/bayline/eval/holdout.yml (nothing was trained or tuned on it)', () => {
  const content = loadContent(BAYLINE);
  const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });
  const report = evaluate(loadEvalQuestions(resolve(BAYLINE, 'eval/holdout.yml')), predictWith(engine));
  // The figures only, never the misses: this set must not become something to tune on.
  const shown = formatReport('product', report, { misses: false });

  it('offers the right entry for its FAQ questions and rarely gives a wrong one', () => {
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
  const squash = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9 ]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const learned = new Set(
    [...content.faq.entries.map((e) => e.question), ...content.training.phrasings.map((p) => p.text)].map(
      squash,
    ),
  );
  const { questions } = parse(readFileSync(resolve(BAYLINE, 'eval/holdout.yml'), 'utf8')) as {
    questions: { q: string }[];
  };
  expect(questions.length).toBeGreaterThanOrEqual(190);
  expect(questions.map((q) => q.q).filter((q) => learned.has(squash(q)))).toEqual([]);
});
