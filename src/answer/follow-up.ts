// A message read with the one before it (rounds 11 to 34): a message not understood alone ("it ends March 15"),
// or one the model reads as a follow-up ("does he need to take it?"), answered as the two read together say, and
// only when that reading is confident (or, for a follow-up, when its entries are plausible).
import { exchangeText } from '../content/training.js';
import { ALTERNATIVE_AT, type Cutoffs, type Decision, decide } from './decide.js';
import type { EngineOptions } from './engine-options.js';
import { normalise } from './normalise.js';
import { MAX_SEARCH_CHARS, type Reader } from './reader.js';
import type { Answer, AskContext } from './replies.js';

export interface FollowUpDeps {
  options: Pick<EngineOptions, 'readWithPrevious' | 'rereadFollowUps' | 'rereadSensitiveFollowUps'>;
  cutoffs: Cutoffs;
  isEntry: (label: string) => boolean;
  reader: Pick<Reader, 'read' | 'predict'>;
  /** A decision, as its answer to the text read. */
  fromDecision: (decision: Decision, asked: string, ctx: AskContext) => Answer;
}

/**
 * The answer to `asked` after `ctx.previous`, given its answer read alone. Unsure alone, after another message: read
 * the two together ("my appointment ends soon", then "it ends March 15"; "I'm on sabbatical", then "still have
 * to?"), answered only when that reading is confident. A message the model is sure of alone keeps its reading:
 * "thanks!", "am I on the list?" or a new subject the FAQ does not cover is not the previous question again; unless
 * the model reads it as a follow-up (FOLLOW_UP, learned from the training exchanges' second messages): "does he need
 * to take it?" is sure enough alone, as the asker's own status, but it asks about whoever the message before was
 * about.
 */
export function withPrevious(deps: FollowUpDeps, asked: string, alone: Answer, ctx: AskContext): Answer {
  const { options, cutoffs, isEntry, reader, fromDecision } = deps;
  if (!options.readWithPrevious || ctx.previous === undefined) return alone;
  const bounded = asked.slice(0, MAX_SEARCH_CHARS);
  const own = reader.read(normalise(bounded));
  const sensitive = alone.kind === 'sensitive';
  const unsure = alone.kind !== 'faq' && !sensitive && alone.score < cutoffs.answerAt;
  const followUp =
    options.rereadFollowUps && own.followUp && (!sensitive || options.rereadSensitiveFollowUps);
  if (!unsure && !followUp) return alone;
  // Nothing to read with: the same message again (asked twice, or once more in a thread), read twice over,
  // only looks surer than it is; a greeting alone before it ("hi", then the question) says nothing of the
  // question (a greeting around a question, with entries of its own, is read with it as any question is).
  const previous = ctx.previous.slice(0, MAX_SEARCH_CHARS);
  const before = normalise(previous);
  if (before === normalise(asked)) return alone;
  const previously = decide(reader.predict(before), cutoffs, isEntry, false);
  if (previously.kind === 'greeting' && previously.candidates.length === 0) return alone;
  const together = normalise(exchangeText(previous, bounded));
  const decision = decide(reader.predict(together), cutoffs, isEntry, false);
  // (A follow-up that read as a disclosure alone keeps the support line with its answer.)
  const confident =
    decision.kind === 'faq' && decision.band === 'answer' && (sensitive || !decision.supportLine);
  // A follow-up read together unsure: the entries it may mean after the message before, not what its words
  // would mean alone ("does he need to take it?" is not the asker's own status).
  const offer =
    !confident &&
    followUp &&
    decision.kind === 'unknown' &&
    decision.band === 'did-you-mean' &&
    decision.candidates.length > 0;
  if (!confident && !offer) return alone;
  // A new question the model is unsure of, after one on another subject, reads together as that subject
  // ("mehr als einen kurs machen ok?", more than one course, after a question about 2018): when the entry read
  // together has less than the runner-up's floor (ALTERNATIVE_AT) in the message alone, the message's own
  // likeliest entry is put first under the answer, one click away. (Round 22 tried offering the entry instead
  // of answering it: of the development sets' follow-ups, ten answered right were only offered, for one new
  // question not answered wrong.)
  const pAlone = (label: string | null) => own.scores.find((s) => s.label === label)?.p ?? 0;
  const ownBest = own.scores.find((s) => isEntry(s.label));
  const shown = sensitive
    ? { ...decision, supportLine: true }
    : confident &&
        pAlone(decision.faqId) < ALTERNATIVE_AT &&
        ownBest !== undefined &&
        ownBest.label !== decision.faqId &&
        ownBest.p >= ALTERNATIVE_AT
      ? { ...decision, candidates: [ownBest.label] }
      : decision;
  // A follow-up that read as a disclosure alone and, together, as an unsure question about the training and no
  // disclosure ("and him?" after "a guest lecturer is coming in unpaid for three weeks"): its entries offered,
  // and the support line, which "did you mean" always ends with, marks it as a message that may have told
  // something: kept nowhere, as any answer with the support line (round 34).
  const made = fromDecision(shown, together, ctx);
  const answer: Answer = {
    ...made,
    ...(sensitive ? { supportLine: true } : {}),
    readWithPrevious: true,
  };
  return { ...answer, answers: [answer] };
}
