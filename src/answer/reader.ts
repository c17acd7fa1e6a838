// How the engine reads a message with its model: the probabilities of each label (kept for the messages asked
// lately), and what they say of the message's parts: a clause that tells something, the whole read as telling and
// asking, a disclosure further on in a long message. Pure apart from the cache; the decisions are decide.ts's.
import { DISCLOSURE } from './corpus.js';
import { type Cutoffs, type Decision, decide } from './decide.js';
import type { EngineOptions } from './engine-options.js';
import { isQuestionAboutTheTopic, sensitiveMatch } from './intent.js';
import type { IntentModel, LabelScore, Reading } from './intent-model.js';
import { splitQuestions } from './messages.js';
import { normalise } from './normalise.js';

/** Readings kept between questions (people repeat the same few questions). */
const CACHE_SIZE = 2000;

/** How much of a message is classified (a question is a few dozen words); the rest is read for a disclosure. */
export const MAX_SEARCH_CHARS = 600;
/** A sentence of a long message, with what ends it. */
const SENTENCE = /[^.!?;\n]+[.!?;\n]*/g;

export interface Reader {
  /** The model's reading of a normalised text. */
  read(text: string): Reading;
  /** Its labels' probabilities, best first (FOLLOW_UP and TOLD read apart). */
  predict(text: string): LabelScore[];
  /** A hand-written disclosure pattern matches (only when the cut-offs have the patterns decide). */
  patternSays(normalised: string): boolean;
  /** A clause read alone is a disclosure (calibration.yml's clauseDisclosureAt; never without it). */
  tells(clause: string): boolean;
  /** Whether clauses are read alone at all (the option and the cut-off). */
  readonly readsClauses: boolean;
  /**
   * The model's weight for a message of one question as one that tells something and asks (TOLD): its probability
   * when at or above the lower of toldAt and toldSupportAt, else 0; 0 for a message of several questions, and
   * without the reading.
   */
  toldWeight(normalised: string, question: string): number;
  /** The TOLD cut-offs in use (undefined: the reading is off). */
  readonly toldAt: number | undefined;
  readonly toldSupportAt: number | undefined;
  /**
   * A disclosure further on in a long message: each sentence past the first MAX_SEARCH_CHARS read on its own (a
   * sentence among many is drowned by the rest); the first read as a disclosure decides.
   */
  laterDisclosure(bounded: string): Decision | undefined;
}

/** What of the engine's options the reading depends on: clauses, the TOLD class, and whether several questions split. */
export type ReaderOptions = Pick<EngineOptions, 'readClauses' | 'readTold' | 'split'>;

export function createReader(
  model: Pick<IntentModel, 'read'>,
  cutoffs: Cutoffs,
  isEntry: (label: string) => boolean,
  options: ReaderOptions,
): Reader {
  const recent = new Map<string, Reading>();
  const read = (text: string): Reading => {
    const known = recent.get(text);
    if (known) return known;
    const reading = model.read(text);
    if (recent.size >= CACHE_SIZE) recent.clear();
    recent.set(text, reading);
    return reading;
  };
  const predict = (text: string): LabelScore[] => read(text).scores;

  const patternSays = (normalised: string) =>
    cutoffs.disclosurePatterns === true &&
    sensitiveMatch(normalised) !== null &&
    !isQuestionAboutTheTopic(normalised);

  const clauseAt = options.readClauses ? cutoffs.clauseDisclosureAt : undefined;
  const tells = (clause: string): boolean =>
    clauseAt !== undefined && (predict(clause).find((s) => s.label === DISCLOSURE)?.p ?? 0) >= clauseAt;

  // Only a message of one question, as the class was learned from: a message of several questions is answered
  // question by question, its clauses read for a disclosure as any (round 31, several.yml: "Hi - couple things from
  // our faculty meeting: is it ok to do it on work time, can they go back to the material later, and who do they ask
  // if they have concerns abt the content" read as told and asked at 0.13, over a cut-off of 0.09).
  const toldAt = options.readTold ? cutoffs.toldAt : undefined;
  // Lower, the same reading gives only the support line, under an answer the model is sure of (toldSupportAt).
  const toldSupportAt = toldAt === undefined ? undefined : cutoffs.toldSupportAt;
  const toldWeight = (normalised: string, question: string): number => {
    if (toldAt === undefined) return 0;
    const p = read(normalised).told;
    return p >= Math.min(toldAt, toldSupportAt ?? toldAt) &&
      (!options.split || splitQuestions(question).length < 2)
      ? p
      : 0;
  };

  const laterDisclosure = (bounded: string): Decision | undefined => {
    for (const match of bounded.matchAll(SENTENCE)) {
      if (match.index + match[0].length <= MAX_SEARCH_CHARS) continue;
      const sentence = normalise(match[0].slice(0, MAX_SEARCH_CHARS));
      if (sentence === '') continue;
      const decision = decide(predict(sentence), cutoffs, isEntry, patternSays(sentence));
      if (decision.kind === 'sensitive') return decision;
    }
    return undefined;
  };

  return {
    read,
    predict,
    patternSays,
    tells,
    readsClauses: clauseAt !== undefined,
    toldWeight,
    toldAt,
    toldSupportAt,
    laterDisclosure,
  };
}
