// The evaluation's arithmetic on messages that tell something and ask about the training (round 29): what counts as
// care, as the entry answered, and as a support line given to a message that told nothing.
import { describe, expect, it } from 'vitest';
import { type EvalQuestion, evaluate, formatReport, type Prediction } from '../../src/answer/evaluate.js';

const QUESTIONS: EvalQuestion[] = [
  // Told and asked: the answer with the support line (care, the entry answered).
  { q: 'a', expect: 'sensitive', faq: 'access-training', tags: ['w', 'told-and-asked'] },
  // Told and asked: the careful reply with the entry offered under it (care, offered, not answered).
  { q: 'b', expect: 'sensitive', faq: 'working-hours', tags: ['w', 'told-and-asked'] },
  // Told and asked: the answer alone (the entry answered, no care).
  { q: 'c', expect: 'sensitive', faq: 'every-year', tags: ['w', 'told-and-asked'] },
  // Told, and asked what the page does not answer: the careful reply (care).
  { q: 'd', expect: 'sensitive', tags: ['w', 'told-and-asked-unanswered'] },
  // Told nothing: a support line it did not need.
  { q: 'e', expect: 'faq', faq: 'return-to-modules', tags: ['w', 'sensitive-word'] },
];

const PREDICTIONS: Record<string, Prediction> = {
  a: { kind: 'faq', faq: 'access-training', ranked: ['access-training'], supportLine: true },
  b: { kind: 'sensitive', faq: null, ranked: ['working-hours'], offered: ['working-hours'] },
  c: { kind: 'faq', faq: 'every-year', ranked: ['every-year'] },
  d: { kind: 'sensitive', faq: null, ranked: [] },
  e: { kind: 'faq', faq: 'return-to-modules', ranked: ['return-to-modules'], supportLine: true },
};

describe('messages that tell something and ask', () => {
  const report = evaluate(QUESTIONS, (q) => PREDICTIONS[q] as Prediction);

  it('counts care as the careful reply or the support line, and the entry as answered under either', () => {
    expect(report.mixedMessages).toBe(4);
    expect(report.mixedCare).toBeCloseTo(3 / 4);
    expect(report.mixedAnswered).toBeCloseTo(2 / 3);
    expect(report.mixedAnsweredOrOffered).toBeCloseTo(3 / 3);
    // Of the one message that told nothing, one support line.
    expect(report.supportLineUnasked).toBeCloseTo(1);
  });

  it('prints the line, and names the support line in a miss', () => {
    const shown = formatReport('product', report, { misses: true });
    expect(shown).toContain(
      'told something and asked    care 75.0%, entry answered 66.7%, answered or offered 100.0%',
    );
    expect(shown).toContain('expected sensitive, got faq access-training + support line: "a"');
  });

  it('leaves the line out of a set with no such messages', () => {
    const plain = evaluate([QUESTIONS[4] as EvalQuestion], (q) => PREDICTIONS[q] as Prediction);
    expect(plain.mixedMessages).toBe(0);
    expect(formatReport('product', plain, { misses: false })).not.toContain('told something');
  });
});
