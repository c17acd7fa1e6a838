// The evaluation metrics, pure: labelled questions and a way to answer them in, figures and misses out.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { AnswerKind } from './engine.js';

export const EvalQuestion = z.strictObject({
  q: z.string().min(1),
  expect: z.enum(['faq', 'personal', 'sensitive', 'greeting', 'unknown']),
  faq: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestion>;

export const EvalFile = z.strictObject({ questions: z.array(EvalQuestion).min(1) });

export class EvalFileError extends Error {
  override name = 'EvalFileError';
}

/** Reads test/eval/questions.yml (or another file of the same shape). */
export function loadEvalQuestions(path: string): EvalQuestion[] {
  const result = EvalFile.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EvalFileError(`${path}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  for (const [i, q] of result.data.questions.entries()) {
    if (q.expect === 'faq' && q.faq === undefined)
      throw new EvalFileError(
        `${path}: questions.${i}: expect faq without an faq id (q: ${JSON.stringify(q.q)})`,
      );
  }
  return result.data.questions;
}

/** What a system under evaluation says about one question: its kind and its ranked FAQ ids. */
export interface Prediction {
  kind: AnswerKind;
  /** The entry it answers with (faq kind), else null. */
  faq: string | null;
  /** Its ranking of FAQ entries, best first, whatever the kind: for top-3 accuracy. */
  ranked: string[];
}

export interface Miss {
  q: string;
  expected: string;
  got: string;
}

export interface EvalReport {
  total: number;
  faqQuestions: number;
  /** Share of FAQ questions answered with the expected entry. */
  top1: number;
  /** Share of FAQ questions whose expected entry is among the first three ranked. */
  top3: number;
  /** Share of all questions routed to the expected kind. */
  intentAccuracy: number;
  /** Of the questions answered "unknown", the share that were out of scope. */
  outOfScopePrecision: number;
  /** Of the out-of-scope questions, the share answered "unknown". */
  outOfScopeRecall: number;
  /** Of the sensitive questions, the share answered as sensitive. */
  sensitiveRecall: number;
  /** Of the answers given as sensitive, the share that were labelled sensitive. Shares of nothing are NaN. */
  sensitivePrecision: number;
  misses: Miss[];
}

export function evaluate(questions: readonly EvalQuestion[], predict: (q: string) => Prediction): EvalReport {
  let faqTotal = 0;
  let top1 = 0;
  let top3 = 0;
  let intentRight = 0;
  let unknownAnswered = 0;
  let unknownRight = 0;
  let outOfScope = 0;
  let sensitiveTotal = 0;
  let sensitiveFound = 0;
  let sensitiveAnswered = 0;
  const misses: Miss[] = [];
  for (const question of questions) {
    const p = predict(question.q);
    const expected = question.expect === 'faq' ? `faq ${question.faq}` : question.expect;
    const got = p.kind === 'faq' ? `faq ${p.faq}` : p.kind;
    if (p.kind === question.expect) intentRight += 1;
    if (question.expect === 'faq') {
      faqTotal += 1;
      if (p.kind === 'faq' && p.faq === question.faq) top1 += 1;
      if (p.ranked.slice(0, 3).includes(question.faq ?? '')) top3 += 1;
    }
    if (p.kind === 'unknown') {
      unknownAnswered += 1;
      if (question.expect === 'unknown') unknownRight += 1;
    }
    if (question.expect === 'unknown') outOfScope += 1;
    if (question.expect === 'sensitive') {
      sensitiveTotal += 1;
      if (p.kind === 'sensitive') sensitiveFound += 1;
    }
    if (p.kind === 'sensitive') sensitiveAnswered += 1;
    if (expected !== got) misses.push({ q: question.q, expected, got });
  }
  // A share of nothing is undefined, not perfect: a baseline that never says "sensitive" has no precision.
  const share = (n: number, of: number) => (of === 0 ? Number.NaN : n / of);
  return {
    total: questions.length,
    faqQuestions: faqTotal,
    top1: share(top1, faqTotal),
    top3: share(top3, faqTotal),
    intentAccuracy: share(intentRight, questions.length),
    outOfScopePrecision: share(unknownRight, unknownAnswered),
    outOfScopeRecall: share(unknownRight, outOfScope),
    sensitiveRecall: share(sensitiveFound, sensitiveTotal),
    sensitivePrecision: share(sensitiveFound, sensitiveAnswered),
    misses,
  };
}

/** The report as `npm run eval` prints it. */
export function formatReport(name: string, report: EvalReport, options: { misses: boolean }): string {
  const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const lines = [
    `${name} (${report.total} questions, ${report.faqQuestions} FAQ)`,
    `  top-1 accuracy (FAQ)        ${pct(report.top1)}`,
    `  top-3 accuracy (FAQ)        ${pct(report.top3)}`,
    `  intent accuracy             ${pct(report.intentAccuracy)}`,
    `  out-of-scope precision      ${pct(report.outOfScopePrecision)}`,
    `  out-of-scope recall         ${pct(report.outOfScopeRecall)}`,
    `  sensitive recall            ${pct(report.sensitiveRecall)}`,
    `  sensitive precision         ${pct(report.sensitivePrecision)}`,
  ];
  if (options.misses) {
    lines.push(`  misses (${report.misses.length}):`);
    for (const m of report.misses)
      lines.push(`    expected ${m.expected}, got ${m.got}: ${JSON.stringify(m.q)}`);
  }
  return lines.join('\n');
}
