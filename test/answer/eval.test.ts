// The quality bar on the labelled eval set: fails when the engine gets worse than the issue allows.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.js';
import { type EvalQuestion, evaluate, formatReport, loadEvalQuestions } from '../../src/answer/evaluate.js';
import { predictWith } from '../../src/answer/predict.js';
import { loadContent } from '../../src/content/load.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const QUESTIONS = resolve(import.meta.dirname, '../eval/questions.yml');
const DEV_2 = resolve(import.meta.dirname, '../eval/dev-2.yml');
const HOLDOUT = resolve(import.meta.dirname, '../eval/holdout.yml');

describe('evaluation on test/eval/questions.yml', () => {
  const engine = createAnswerEngine({ content: loadContent(SHIPPED_CONTENT) });
  const report = evaluate(loadEvalQuestions(QUESTIONS), predictWith(engine));
  const shown = formatReport('product', report, { misses: true });

  // Floors a little under what `npm run eval` measures on this (development) set.
  it('answers at least 88% of FAQ questions with the right entry (top-1)', () => {
    expect(report.top1, shown).toBeGreaterThanOrEqual(0.88);
  });

  it('gives a wrong entry as the answer to at most 3% of the answerable and unanswerable questions', () => {
    expect(report.confidentlyWrong, shown).toBeLessThanOrEqual(0.03);
  });

  it('recognises every sensitive message, and fires on at most 2% of the others', () => {
    expect(report.sensitiveRecall, shown).toBe(1);
    expect(report.sensitiveFalsePositive, shown).toBeLessThanOrEqual(0.02);
  });

  it('admits not knowing for at least 95% of out-of-scope questions', () => {
    expect(report.outOfScopeRecall, shown).toBeGreaterThanOrEqual(0.95);
  });

  it('routes at least 95% of the personal questions to the personal answer', () => {
    expect(report.personalRouting, shown).toBeGreaterThanOrEqual(0.95);
  });
});

describe('evaluation on test/eval/dev-2.yml', () => {
  const engine = createAnswerEngine({ content: loadContent(SHIPPED_CONTENT) });
  const report = evaluate(loadEvalQuestions(DEV_2), predictWith(engine));
  const shown = formatReport('product', report, { misses: true });

  // Floors a little under what `npx tsx scripts/eval.ts --questions … dev-2.yml` measures.
  it('recognises the disclosures in hard phrasings, and fires on at most 3% of the others', () => {
    expect(report.sensitiveRecall, shown).toBeGreaterThanOrEqual(0.99);
    expect(report.sensitiveFalsePositive, shown).toBeLessThanOrEqual(0.03);
  });

  it('answers at least 69% of FAQ questions right and gives a wrong entry to at most 7%', () => {
    expect(report.top1, shown).toBeGreaterThanOrEqual(0.69);
    expect(report.confidentlyWrong, shown).toBeLessThanOrEqual(0.07);
  });

  it('admits not knowing for at least 93% of the questions the source does not answer', () => {
    expect(report.outOfScopeRecall, shown).toBeGreaterThanOrEqual(0.93);
  });

  it('routes personal questions, several questions and follow-ups at least as well as measured', () => {
    expect(report.personalRouting, shown).toBeGreaterThanOrEqual(0.7);
    expect(report.multiQuestion, shown).toBeGreaterThanOrEqual(0.25);
    expect(report.followUp, shown).toBeGreaterThanOrEqual(0.5);
  });
});

describe('evaluation on test/eval/holdout.yml (nothing was tuned on it)', () => {
  const engine = createAnswerEngine({ content: loadContent(SHIPPED_CONTENT) });
  const report = evaluate(loadEvalQuestions(HOLDOUT), predictWith(engine));
  // The figures only, never the misses: this set must not become something to tune on.
  const shown = formatReport('product', report, { misses: false });

  // Floors a little under what `npm run eval` measured once, at the end of the round (README, "Quality").
  it('recognises every disclosure, and fires on at most 3% of the others', () => {
    expect(report.sensitiveRecall, shown).toBeGreaterThanOrEqual(0.99);
    expect(report.sensitiveFalsePositive, shown).toBeLessThanOrEqual(0.03);
  });

  it('answers at least 62% right (the right entry in the top three for 91%) and at most 9% wrong', () => {
    expect(report.top1, shown).toBeGreaterThanOrEqual(0.62);
    expect(report.top3, shown).toBeGreaterThanOrEqual(0.91);
    expect(report.confidentlyWrong, shown).toBeLessThanOrEqual(0.09);
  });

  it('admits not knowing for at least 83% of the questions the source does not answer', () => {
    expect(report.outOfScopeRecall, shown).toBeGreaterThanOrEqual(0.83);
  });
});

describe('evaluate', () => {
  it.each([
    ['right entry', { kind: 'faq', faq: 'a', ranked: ['a', 'b'] }, { top1: 1, top3: 1, intentAccuracy: 1 }],
    [
      'wrong entry, second',
      { kind: 'faq', faq: 'b', ranked: ['b', 'a'] },
      { top1: 0, top3: 1, intentAccuracy: 1 },
    ],
    [
      'unknown, not ranked',
      { kind: 'unknown', faq: null, ranked: ['c', 'd', 'e', 'a'] },
      { top1: 0, top3: 0, intentAccuracy: 0 },
    ],
  ] as const)('%s', (_name, prediction, expected) => {
    const report = evaluate([{ q: 'x', expect: 'faq', faq: 'a' }], () => ({
      ...prediction,
      ranked: [...prediction.ranked],
    }));
    expect(report).toMatchObject(expected);
  });

  it('computes out-of-scope precision and recall and sensitive recall', () => {
    const labels = [
      { q: 'oos1', expect: 'unknown' },
      { q: 'oos2', expect: 'unknown' },
      { q: 'faq1', expect: 'faq', faq: 'a' },
      { q: 'sens', expect: 'sensitive' },
    ] as const;
    const said: Record<string, 'unknown' | 'faq' | 'sensitive'> = {
      oos1: 'unknown',
      oos2: 'faq',
      faq1: 'unknown',
      sens: 'sensitive',
    };
    const report = evaluate(labels, (q) => ({
      kind: said[q] ?? 'unknown',
      faq: said[q] === 'faq' ? 'z' : null,
      ranked: [],
    }));
    expect(report.outOfScopeRecall).toBe(0.5);
    expect(report.outOfScopePrecision).toBe(0.5);
    expect(report.sensitiveRecall).toBe(1);
    expect(report.misses.map((m) => m.q)).toEqual(['oos2', 'faq1']);
    // oos2 was given entry z: one wrong answer over the three questions with a right entry or none.
    expect(report.confidentlyWrong).toBeCloseTo(1 / 3);
    expect(report.sensitiveFalsePositive).toBe(0);
  });

  it('scores several questions in one message in order, with acceptable alternatives and follow-ups', () => {
    const labels: EvalQuestion[] = [
      { q: 'two', expect: 'faq', faq: 'a', also: ['b'] },
      { q: 'swapped', expect: 'faq', faq: 'a', also: ['b'] },
      { q: 'alt', expect: 'faq', faq: 'a', alt: ['c'] },
      { q: 'and then?', expect: 'faq', faq: 'a', after: 'first' },
    ];
    const said: Record<string, (string | null)[]> = {
      two: ['a', 'b'],
      swapped: ['b', 'a'],
      alt: ['c'],
      'and then?': ['d'],
    };
    const report = evaluate(labels, (q) => {
      const answers = said[q] ?? [];
      return { kind: 'faq', faq: answers[0] ?? null, ranked: [], answers };
    });
    expect(report.multiQuestion).toBe(0.5);
    expect(report.multiQuestions).toBe(2);
    expect(report.top1).toBe(0.5);
    expect(report.followUp).toBe(0);
    expect(report.followUps).toBe(1);
  });
});
