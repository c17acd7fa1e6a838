// Several questions in one message (round 21 on): answered one by one when each is answered confidently and
// differently (a part surely out of scope said so in its place), or read as two at a join when the model reads
// each half as a different entry; otherwise the message is one question, as the whole-message decision has it.
import { PERSONAL } from './corpus.js';
import { ALTERNATIVE_AT, type Cutoffs, type Decision } from './decide.js';
import type { EngineOptions } from './engine-options.js';
import type { LabelScore } from './intent-model.js';
import { splitQuestions, twoParts } from './messages.js';
import type { Answer, AskContext, Replies } from './replies.js';

/** At most this many questions of one message are answered. */
export const MAX_QUESTIONS = 3;

export interface SeveralDeps {
  options: Pick<EngineOptions, 'split' | 'splitAtJoins' | 'intentPatterns'>;
  cutoffs: Cutoffs;
  isEntry: (label: string) => boolean;
  replies: Pick<Replies, 'unknown'>;
  /** One question, normalised, answered on its own. */
  answerOne: (text: string, ctx: AskContext) => Answer;
  /** The whole message's decision, as its answer. */
  fromDecision: (decision: Decision, asked: string, ctx: AskContext) => Answer;
}

/** A message that tells nothing, as its bounded and normalised text and the model's reading of it. */
export interface Asked {
  /** The text classified: the message's first MAX_SEARCH_CHARS. */
  question: string;
  /** The text read for a disclosure: its first MAX_INPUT_CHARS. */
  bounded: string;
  normalised: string;
  scores: readonly LabelScore[];
  /** What the whole message decides. */
  whole: Decision;
}

/** A message that tells nothing: its questions, one by one when it has several. */
export function answerQuestions(deps: SeveralDeps, asked: Asked, ctx: AskContext): Answer {
  const { options, cutoffs, replies, answerOne, fromDecision } = deps;
  const { question, bounded, normalised, scores, whole } = asked;
  if (options.split) {
    const questions = splitQuestions(question);
    const parts = questions.slice(0, MAX_QUESTIONS);
    if (parts.length > 1) {
      const answers = parts.map((part) => ({ ...answerOne(part, ctx), asked: part }));
      const answered = answers.filter((a) => a.kind === 'faq' || a.kind === 'personal');
      // A part the model is as sure is out of scope as an answer must be sure ("…, and how do I reset my
      // password"): said so in its place, the rest answered.
      const outOfScope = answers.filter(
        (a) => a.kind === 'unknown' && a.band === 'out-of-scope' && a.score >= cutoffs.answerAt,
      );
      const labels = answered.map((a) => a.faq?.id ?? PERSONAL);
      const distinct = new Set(labels);
      // Beside a part out of scope, a part answered must be plausible in the whole message too: read alone,
      // "is it every two weeks" after "when do I get paid" looks like the every-year entry; read whole, no.
      const pWhole = (label: string) => scores.find((s) => s.label === label)?.p ?? 0;
      const plausible = outOfScope.length === 0 || labels.every((l) => pWhole(l) >= ALTERNATIVE_AT);
      const [head] = answered;
      if (
        plausible &&
        head !== undefined &&
        answered.length + outOfScope.length === answers.length &&
        distinct.size === answered.length
      ) {
        const left = questions.length - parts.length;
        // Among answers, an "I don't know" names the question it is about.
        const named = answers.map((a) =>
          a.kind === 'unknown' ? { ...replies.unknown([], a.score, false, a.asked), asked: a.asked } : a,
        );
        return { ...head, answers: named, ...(left > 0 ? { questionsLeft: left } : {}) };
      }
    }
  }
  if (options.splitAtJoins) {
    const two = answerAtJoin(deps, question, scores, ctx);
    if (two) return two;
  }
  // One question of at most MAX_SEARCH_CHARS (the usual message): the decision above is its own.
  const decided = bounded === question && normalised !== '' && !options.intentPatterns;
  const answer = decided ? fromDecision(whole, normalised, ctx) : answerOne(question, ctx);
  return { ...answer, answers: [answer] };
}

/**
 * One question to the splitter, two to the model? Only when the whole message gives two entries some weight
 * (each at least ALTERNATIVE_AT, the runner-up's floor): then each join is tried, and a reading where both
 * halves are confident answers of different entries is kept, the surest first (its weaker half the surest).
 */
function answerAtJoin(
  deps: SeveralDeps,
  question: string,
  scores: readonly LabelScore[],
  ctx: AskContext,
): Answer | null {
  const plausible = new Set(
    scores.filter((s) => deps.isEntry(s.label) && s.p >= ALTERNATIVE_AT).map((s) => s.label),
  );
  if (plausible.size < 2) return null;
  let best: { answers: Answer[]; least: number } | null = null;
  for (const halves of twoParts(question)) {
    const answers = halves.map((half) => ({ ...deps.answerOne(half, ctx), asked: half }));
    const ids = answers.map((a) => (a.kind === 'faq' ? a.faq?.id : undefined));
    if (!ids.every((id) => id !== undefined && plausible.has(id)) || ids[0] === ids[1]) continue;
    const least = Math.min(...answers.map((a) => a.score));
    if (best === null || least > best.least) best = { answers, least };
  }
  const [head] = best?.answers ?? [];
  return best && head ? { ...head, answers: best.answers } : null;
}
