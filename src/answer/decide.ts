// The decision, pure: the model's probabilities and the calibrated cut-offs in, what to do out. Three
// bands for a question: the answer (confident), "did you mean" (plausible candidates), out of scope.
import { DISCLOSURE, GREETING, OUT_OF_SCOPE, PERSONAL } from './corpus.js';
import type { LabelScore } from './intent-model.js';

export type AnswerKind = 'faq' | 'personal' | 'sensitive' | 'greeting' | 'unknown';

/** How sure the engine was, kept with each answer for the misses review. */
export type Band = 'answer' | 'did-you-mean' | 'out-of-scope';

/**
 * Cut-offs on the model's probabilities, read from the leave-one-writer-out reliability curve by
 * `npm run calibrate` (src/answer/calibrate.ts says how); the content's calibration.yml holds them.
 */
export interface Cutoffs {
  /** At or above, the best FAQ entry is the answer. */
  answerAt: number;
  /**
   * At or above, the FAQ entries' probabilities taken together make the message "did you mean": the model
   * reads it as a question the FAQ answers without being sure which entry, and the likeliest few are offered.
   */
  suggestAt: number;
  /** At or above, the message is read as a disclosure (recall first). */
  disclosureAt: number;
  /**
   * The hand-written disclosure patterns (intent.ts) decide beside the model: only when the model alone
   * could not recognise enough of the training data's disclosures (calibrate.ts). Absent: false.
   */
  disclosurePatterns?: boolean;
  /**
   * At or above, a clause of a message read alone is a disclosure (the engine's readClauses): someone who tells
   * something and asks about the training in one message. Absent: clauses are not read on their own.
   */
  clauseDisclosureAt?: number;
  /**
   * At or above, the model's probability that the whole message tells something and asks about the training (the
   * TOLD class) makes it one, as a disclosure in one clause does. Absent: no such class.
   */
  toldAt?: number;
  /**
   * Below toldAt and at or above this, the TOLD reading gives only the support line, under an answer the model is
   * sure of (round 34). Absent: toldAt for both.
   */
  toldSupportAt?: number;
}

export const MAX_SUGGESTIONS = 3;

/**
 * Under a confident answer, the second likeliest entry is put first among the answer's related questions
 * when the model gives it at least this probability: one click away, should the answer be the wrong one.
 * Leave-one-writer-out (106 files, round 14): 64 of the 93 wrong FAQ answers had the right entry second at
 * 5% or more, under 2.4% of the answers given; below it the second entry is mostly noise (73% of them under
 * 0.1%) and would push out a related question the content chose. It changes no answer, only a button.
 */
export const ALTERNATIVE_AT = 0.05;

export interface Decision {
  kind: AnswerKind;
  band: Band;
  /** The FAQ entry answered (kind faq), or given beside the careful reply (kind sensitive). */
  faqId: string | null;
  /**
   * The likeliest entries, best first: "did you mean" for an unsure question, under the careful reply or the
   * asker's status when the entries are plausible; under an answer, the runner-up when it is plausible
   * (ALTERNATIVE_AT), shown first among the related questions.
   */
  candidates: string[];
  /** The message reads like a disclosure but asks about the training: the FAQ answer and the support line. */
  supportLine: boolean;
  /** Unsure, and the asker's own status is one of the plausible readings: offer it beside the entries. */
  offerStatus?: boolean;
  /** The probability of what was decided (the best label's). */
  confidence: number;
}

/**
 * A decision that answers with an entry and nothing else: where the told-and-asked reading's care is the support line
 * alone (from toldSupportAt). The engine and the calibrator read it the same way.
 */
export function isSureAnswer(d: Decision | undefined): boolean {
  return d !== undefined && d.kind === 'faq' && d.band === 'answer' && d.faqId !== null && !d.supportLine;
}

/** The FAQ entries' probabilities taken together: how plausibly the message is a question the FAQ answers. */
export function faqMass(predictions: readonly LabelScore[], isEntry: (label: string) => boolean): number {
  return predictions.reduce((sum, p) => sum + (isEntry(p.label) ? p.p : 0), 0);
}

export function decide(
  predictions: readonly LabelScore[],
  cutoffs: Cutoffs,
  isEntry: (label: string) => boolean,
  /** A disclosure pattern matched (when the patterns are in use). */
  patternSaysDisclosure = false,
  /**
   * A part of the message read alone is a disclosure (the engine's readClauses): the message is read as one,
   * its own probabilities deciding between the FAQ answer with the support line and the careful reply.
   */
  disclosureInPart = false,
): Decision {
  const top = predictions[0] ?? { label: OUT_OF_SCOPE, p: 0 };
  const entries = predictions.filter((p) => isEntry(p.label));
  const bestEntry = entries[0];
  const confidentEntry = bestEntry !== undefined && bestEntry.p >= cutoffs.answerAt ? bestEntry : undefined;
  // Plausibly an FAQ question: the entries together, not the best alone. A question the model spreads over
  // two or three entries is as likely the FAQ's as one it gives to one (round 10, leave-one-writer-out: at the
  // same share of out-of-scope questions given buttons, the entries' sum offers the right entry more often
  // than the best entry's probability: 98.1% against 98.0% at 1.1-1.3% of them, 98.7% against 98.6% at 4.2-4.6%).
  // Then the likeliest few are offered, not only the best: a second and third button cost a glance, and the
  // right entry is often second (round 9: 98.0% -> 98.2% at the same cut-off).
  const plausible = bestEntry !== undefined && faqMass(predictions, isEntry) >= cutoffs.suggestAt;
  const candidates = plausible ? entries.slice(0, MAX_SUGGESTIONS).map((p) => p.label) : [];
  const pDisclosure = predictions.find((p) => p.label === DISCLOSURE)?.p ?? 0;
  const base = { candidates, supportLine: false, confidence: top.p };
  const second = entries[1];
  const alternative = second !== undefined && second.p >= ALTERNATIVE_AT ? [second.label] : [];

  if (
    pDisclosure >= cutoffs.disclosureAt ||
    patternSaysDisclosure ||
    disclosureInPart ||
    top.label === DISCLOSURE
  ) {
    // Could be either: the model is sure it is a question about the training, and no pattern of something
    // that happened matched. Answer it, with support. With a pattern, care comes first (the answer too).
    // (Round 4 tried answering a pattern-matched message the model confidently reads as an FAQ question:
    // +1 point top-1 here, but on the second institution's writers "he wont leave me alone" got the leave
    // entry's answer. A disclosure answered with the wrong entry is the worst miss there is: reverted.)
    if (confidentEntry && confidentEntry === top && !patternSaysDisclosure)
      return {
        ...base,
        kind: 'faq',
        band: 'answer',
        faqId: confidentEntry.label,
        candidates: alternative,
        supportLine: true,
      };
    // Unsure, and the entries together are plausible (the "did you mean" rule): care first, and the likeliest
    // entries offered under it, in case the question was about the training. (Until round 13 only when the
    // likeliest label was an entry; leave-one-writer-out with 98 files, the entries' sum as elsewhere offers
    // 21 more FAQ phrasings their entry and puts buttons under 16 disclosures' careful replies instead of 8, of 2,420.)
    const offer = !confidentEntry && !patternSaysDisclosure;
    return {
      ...base,
      kind: 'sensitive',
      band: 'answer',
      faqId: confidentEntry?.label ?? null,
      candidates: offer ? candidates : [],
    };
  }
  if (confidentEntry && confidentEntry === top)
    return { ...base, kind: 'faq', band: 'answer', faqId: confidentEntry.label, candidates: alternative };
  if (top.label === PERSONAL) return { ...base, kind: 'personal', band: 'answer', faqId: null };
  // A greeting around a question ("Good morning, … What should I do? Thank you"): the greeting, and the
  // plausible entries as its suggestions (unsure, so counted as "did you mean").
  if (top.label === GREETING)
    return {
      ...base,
      kind: 'greeting',
      band: candidates.length > 0 ? 'did-you-mean' : 'answer',
      faqId: null,
    };
  const offerStatus = (predictions.find((p) => p.label === PERSONAL)?.p ?? 0) >= cutoffs.suggestAt;
  return {
    ...base,
    kind: 'unknown',
    band: candidates.length > 0 || offerStatus ? 'did-you-mean' : 'out-of-scope',
    faqId: null,
    ...(offerStatus ? { offerStatus } : {}),
  };
}
