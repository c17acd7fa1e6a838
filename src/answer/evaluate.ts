// The evaluation metrics, pure: labelled questions and a way to answer them in, figures and misses out.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AnswerKind } from './engine.js';

export const EvalQuestion = z.strictObject({
  q: z.string().min(1),
  expect: z.enum(['faq', 'personal', 'sensitive', 'greeting', 'unknown']),
  faq: z.string().optional(),
  /** Further questions in the same message, in order: their FAQ ids. */
  also: z.array(z.string()).optional(),
  /** The message before this one, for a follow-up. */
  after: z.string().optional(),
  /** Entries that are also acceptable answers. */
  alt: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
});
export type EvalQuestion = z.infer<typeof EvalQuestion>;

export const EvalFile = z.strictObject({ questions: z.array(EvalQuestion).min(1) });

export class EvalFileError extends AppError {
  static override readonly code = 'eval_file_invalid';
  static override readonly expected = true;
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
  /** The entry it answers with (faq kind, or a careful answer that includes one), else null. */
  faq: string | null;
  /** Its ranking of FAQ entries, best first, whatever the kind: for top-3 accuracy. */
  ranked: string[];
  /**
   * The entries offered as buttons because they were plausible, best first: under "did you mean", the careful
   * reply, the asker's status or a greeting, and an answer's runner-up (predict.ts decides which); the rest
   * of an entry's related questions are not offered ones.
   */
  offered?: string[];
  /** The entries of every question answered in the message, in order (several questions in one). */
  answers?: (string | null)[];
  /** An FAQ answer with the support line under it (the message also read as telling something). */
  supportLine?: boolean;
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
  /** Share of FAQ questions answered with the expected entry or offered it under "did you mean". */
  answeredOrOffered: number;
  /** Of those, the share offered only as the runner-up under a wrong answer (a related-question button). */
  offeredAsRunnerUp: number;
  /** Of the questions tagged `sensitive-word` that are not disclosures, the share given the careful reply. */
  sensitiveWordFlagged: number;
  sensitiveWordQuestions: number;
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
  /** Over questions with a right entry or none (faq, unknown): the share given a wrong entry as the answer. */
  confidentlyWrong: number;
  /** Of the questions not labelled sensitive, the share answered as sensitive. */
  sensitiveFalsePositive: number;
  /** Of the personal questions, the share routed to the personal answer. */
  personalRouting: number;
  /** Of the messages with several questions (`also`), the share with every question answered right, in order. */
  multiQuestion: number;
  multiQuestions: number;
  /** Of the follow-ups (`after`), the share answered right. */
  followUp: number;
  followUps: number;
  /**
   * Messages that tell something and ask about the training (tagged `told-and-asked`, with the entry that answers
   * the question, or `told-and-asked-unanswered`): the share shown care (the careful reply, or the FAQ answer with the support
   * line); of the `told-and-asked` ones, the share given the entry's answer, and given it or offered it.
   */
  mixedMessages: number;
  mixedCare: number;
  mixedAnswered: number;
  mixedAnsweredOrOffered: number;
  /** Of the messages that tell nothing (not labelled sensitive), the share answered with the support line under it. */
  supportLineUnasked: number;
  misses: Miss[];
}

export function evaluate(
  questions: readonly EvalQuestion[],
  predict: (q: string, question: EvalQuestion) => Prediction,
): EvalReport {
  let faqTotal = 0;
  let top1 = 0;
  let top3 = 0;
  let offered = 0;
  let runnerUp = 0;
  let worded = 0;
  let wordedFlagged = 0;
  let intentRight = 0;
  let unknownAnswered = 0;
  let unknownRight = 0;
  let outOfScope = 0;
  let sensitiveTotal = 0;
  let sensitiveFound = 0;
  let sensitiveAnswered = 0;
  let scoped = 0;
  let wrong = 0;
  let notSensitive = 0;
  let falseAlarms = 0;
  let personal = 0;
  let personalRight = 0;
  let multi = 0;
  let multiRight = 0;
  let follow = 0;
  let followRight = 0;
  let mixed = 0;
  let mixedCared = 0;
  let mixedAsked = 0;
  let mixedRight = 0;
  let mixedOffered = 0;
  let supportUnasked = 0;
  const misses: Miss[] = [];
  for (const question of questions) {
    const p = predict(question.q, question);
    const accepted = new Set([question.faq ?? '', ...(question.alt ?? [])]);
    const expected = question.expect === 'faq' ? `faq ${question.faq}` : question.expect;
    const got =
      p.kind === 'faq'
        ? `faq ${p.faq}${p.supportLine === true ? ' + support line' : ''}`
        : p.faq
          ? `${p.kind} + faq ${p.faq}`
          : p.kind;
    // A careful answer that also gives the FAQ answer counts for the entry it gives.
    const rightEntry = p.faq !== null && accepted.has(p.faq) && (p.kind === 'faq' || p.kind === 'sensitive');
    if (p.kind === question.expect) intentRight += 1;
    let right = p.kind === question.expect;
    if (question.expect === 'faq') {
      faqTotal += 1;
      right = rightEntry;
      if (rightEntry) top1 += 1;
      if (p.ranked.slice(0, 3).some((id) => accepted.has(id))) top3 += 1;
      const offeredRight = (p.offered ?? []).some((id) => accepted.has(id));
      if (rightEntry || offeredRight) offered += 1;
      if (!rightEntry && offeredRight && p.kind === 'faq') runnerUp += 1;
    }
    if (question.expect === 'faq' || question.expect === 'unknown') {
      scoped += 1;
      if (p.faq !== null && !rightEntry) wrong += 1;
    }
    if (question.expect !== 'sensitive' && question.tags?.includes('sensitive-word')) {
      worded += 1;
      if (p.kind === 'sensitive') wordedFlagged += 1;
    }
    if (question.expect !== 'sensitive') {
      notSensitive += 1;
      if (p.kind === 'sensitive') falseAlarms += 1;
      if (p.supportLine === true) supportUnasked += 1;
    }
    const tags = question.tags ?? [];
    if (tags.includes('told-and-asked') || tags.includes('told-and-asked-unanswered')) {
      mixed += 1;
      if (p.kind === 'sensitive' || p.supportLine === true) mixedCared += 1;
      if (question.faq !== undefined) {
        mixedAsked += 1;
        if (rightEntry) mixedRight += 1;
        if (rightEntry || (p.offered ?? []).some((id) => accepted.has(id))) mixedOffered += 1;
      }
    }
    if (question.expect === 'personal') {
      personal += 1;
      if (p.kind === 'personal') personalRight += 1;
    }
    if (question.also && question.also.length > 0) {
      multi += 1;
      const answers = p.answers ?? [p.faq];
      const want = question.also;
      const ok = right && answers.length === want.length + 1 && want.every((id, i) => answers[i + 1] === id);
      if (ok) multiRight += 1;
    }
    if (question.after !== undefined) {
      follow += 1;
      if (right) followRight += 1;
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
    answeredOrOffered: share(offered, faqTotal),
    offeredAsRunnerUp: share(runnerUp, faqTotal),
    sensitiveWordFlagged: share(wordedFlagged, worded),
    sensitiveWordQuestions: worded,
    intentAccuracy: share(intentRight, questions.length),
    outOfScopePrecision: share(unknownRight, unknownAnswered),
    outOfScopeRecall: share(unknownRight, outOfScope),
    sensitiveRecall: share(sensitiveFound, sensitiveTotal),
    sensitivePrecision: share(sensitiveFound, sensitiveAnswered),
    confidentlyWrong: share(wrong, scoped),
    sensitiveFalsePositive: share(falseAlarms, notSensitive),
    personalRouting: share(personalRight, personal),
    multiQuestion: share(multiRight, multi),
    multiQuestions: multi,
    followUp: share(followRight, follow),
    followUps: follow,
    mixedMessages: mixed,
    mixedCare: share(mixedCared, mixed),
    mixedAnswered: share(mixedRight, mixedAsked),
    mixedAnsweredOrOffered: share(mixedOffered, mixedAsked),
    supportLineUnasked: share(supportUnasked, notSensitive),
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
    `  answered or offered (FAQ)   ${pct(report.answeredOrOffered)}  (the right entry answered, or offered as a button: "did you mean", or first under a wrong answer ${pct(report.offeredAsRunnerUp)})`,
    `  intent accuracy             ${pct(report.intentAccuracy)}`,
    `  out-of-scope precision      ${pct(report.outOfScopePrecision)}`,
    `  out-of-scope recall         ${pct(report.outOfScopeRecall)}`,
    `  sensitive recall            ${pct(report.sensitiveRecall)}`,
    `  sensitive precision         ${pct(report.sensitivePrecision)}`,
    `  confidently wrong           ${pct(report.confidentlyWrong)}  (wrong entry given, over FAQ + unanswerable)`,
    `  abstention on unanswerable  ${pct(report.outOfScopeRecall)}`,
    `  sensitive false positives   ${pct(report.sensitiveFalsePositive)}  (of the questions not labelled sensitive)`,
    `  sensitive words flagged     ${pct(report.sensitiveWordFlagged)}  (of ${report.sensitiveWordQuestions} course questions tagged sensitive-word)`,
    `  personal routing            ${pct(report.personalRouting)}`,
    `  multi-question              ${pct(report.multiQuestion)}  (${report.multiQuestions} labelled)`,
    `  follow-up                   ${pct(report.followUp)}  (${report.followUps} labelled)`,
    `  support line, told nothing  ${pct(report.supportLineUnasked)}  (of the questions not labelled sensitive)`,
  ];
  if (report.mixedMessages > 0)
    lines.push(
      `  told something and asked    care ${pct(report.mixedCare)}, entry answered ${pct(report.mixedAnswered)}, answered or offered ${pct(report.mixedAnsweredOrOffered)}  (${report.mixedMessages} messages)`,
    );
  if (options.misses) {
    lines.push(`  misses (${report.misses.length}):`);
    for (const m of report.misses)
      lines.push(`    expected ${m.expected}, got ${m.got}: ${JSON.stringify(m.q)}`);
  }
  return lines.join('\n');
}
