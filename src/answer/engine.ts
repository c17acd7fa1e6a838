// The answer engine: one calibrated model reads the message (an FAQ entry, out of scope, personal status,
// a greeting or a disclosure), src/answer/decide.ts turns its probabilities into what to do, and
// src/answer/replies.ts into an Answer. Rendering for Slack or the terminal happens elsewhere. The parts that read a
// message beyond one decision are modules of their own, composed here: reader.ts (the model's readings, cached),
// told.ts (a message that tells something and asks), several.ts (several questions), follow-up.ts (a message read
// with the one before).

import { existsSync } from 'node:fs';
import { cycleOpens } from '../content/group.js';
import type { Content } from '../content/load.js';
import type { FaqEntry } from '../content/schemas.js';
import { AppError } from '../errors.js';
import type { Example } from './corpus.js';
import { type Cutoffs, type Decision, decide, isSureAnswer, MAX_SUGGESTIONS } from './decide.js';
import { ENGINE_OPTIONS, type EngineOptions } from './engine-options.js';
import { withPrevious } from './follow-up.js';
import { isClosing, isGreeting, personalTopic, withoutGreeting } from './intent.js';
import type { LabelScore } from './intent-model.js';
import { clauses } from './messages.js';
import { contentModelKey, loadOrTrain, loadOrTrainContentModel, modelCacheFile } from './model-cache.js';
import { normalise } from './normalise.js';
import { createReader, MAX_SEARCH_CHARS } from './reader.js';
import { type Answer, type AskContext, createReplies } from './replies.js';
import { createFaqSearch, type SearchHit } from './search.js';
import { answerQuestions, type SeveralDeps } from './several.js';
import { readSituation } from './situation.js';
import { createSynonyms } from './terms.js';
import { withQuestionBeside } from './told.js';

export type { AnswerKind, Band, Cutoffs } from './decide.js';
export { MAX_SUGGESTIONS } from './decide.js';
export { ENGINE_OPTIONS, type EngineOptions } from './engine-options.js';
export { MAX_SEARCH_CHARS } from './reader.js';
export type { Answer, AskContext, Suggestion } from './replies.js';
export { MAX_QUESTIONS } from './several.js';

/** How much of a message is read for a disclosure (MAX_SEARCH_CHARS of it is classified). */
export const MAX_INPUT_CHARS = 10_000;

/** The least fuse.js score for an entry to fill a "did you mean" slot. */
const FUSE_CANDIDATE_MIN = 0.5;

export interface AnswerEngine {
  answer(question: string, context?: AskContext): Answer;
  entry(id: string): FaqEntry | undefined;
  /** An FAQ entry's answer, as if it had been asked (a related-question or App Home button); null for an unknown id. */
  answerFor(id: string): Answer | null;
  /** The FAQ entries ranked for a question, best first, with their probabilities: for evaluation and the misses review. */
  rank(question: string): SearchHit[];
  /** Every label's probability for a question, best first (what the decision reads). */
  predict(question: string): LabelScore[];
  /** Model training or cache load, and the search index, in milliseconds. */
  readonly buildMs: number;
  /** How the model was had this time. */
  readonly modelSource: 'trained' | 'cache-file' | 'memory';
  /** The hash the model is kept under in the model cache (modelCacheFile). */
  readonly modelHash: string;
  /** The cut-offs in use. */
  readonly cutoffs: Cutoffs;
}

export interface AnswerEngineDeps {
  content: Content;
  /** The clock for answers that apply the rules, when the call gives no `now`. */
  now?: () => Date;
  /** For evaluation: other parts or cut-offs than the shipped ones, or other training examples. */
  options?: EngineOptions;
  cutoffs?: Cutoffs;
  examples?: readonly Example[];
  /** A folder to keep the trained model in, keyed by the hash of what it was trained from. */
  cacheDir?: string;
}

/** The answer engine was asked to run on content whose cut-offs were never read from its training data. */
export class NotCalibratedError extends AppError {
  static override readonly code = 'content_not_calibrated';
  static override readonly expected = true;
  constructor(dir: string) {
    super(
      `${dir}/calibration.yml is missing: the answer engine needs cut-offs read from this content's training data (run: npm run calibrate -- --content ${dir})`,
    );
    this.name = 'NotCalibratedError';
  }
}

/**
 * Whether the content's answer model is kept in `cacheDir` (`cli model build`, or an earlier start): if not,
 * building the engine trains it, over half a minute, and a start says so before it waits.
 */
export function isModelBuilt(
  content: Pick<Content, 'faq' | 'training' | 'synonyms'>,
  cacheDir: string,
): boolean {
  return existsSync(modelCacheFile(cacheDir, contentModelKey(content, ENGINE_OPTIONS.model)));
}

/** The content's calibrated cut-offs (calibration.yml). */
export function cutoffsOf(content: Pick<Content, 'calibration' | 'dir'>): Cutoffs {
  if (!content.calibration) throw new NotCalibratedError(content.dir);
  const { answerAt, suggestAt, disclosureAt, disclosurePatterns, clauseDisclosureAt, toldAt, toldSupportAt } =
    content.calibration;
  return {
    answerAt,
    suggestAt,
    disclosureAt,
    disclosurePatterns: disclosurePatterns === true,
    ...(clauseDisclosureAt === undefined ? {} : { clauseDisclosureAt }),
    ...(toldAt === undefined ? {} : { toldAt }),
    ...(toldSupportAt === undefined ? {} : { toldSupportAt }),
  };
}

export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  const started = performance.now();
  const { content } = deps;
  const options = deps.options ?? ENGINE_OPTIONS;
  const calibrated = deps.cutoffs ?? cutoffsOf(content);
  const cutoffs = {
    ...calibrated,
    disclosurePatterns: options.sensitivePatterns ?? calibrated.disclosurePatterns === true,
  };
  const entries = content.faq.entries;
  const entryIds = new Set(entries.map((e) => e.id));
  const isEntry = (label: string) => entryIds.has(label);
  const synonyms = options.model.features.synonyms ? createSynonyms(content.synonyms) : null;
  // The content's own model is found by its files' digest: the phrasings are parsed only to train it.
  const loaded = deps.examples
    ? loadOrTrain(deps.examples, synonyms, content.synonyms, options.model, deps.cacheDir)
    : loadOrTrainContentModel(content, synonyms, options.model, deps.cacheDir);
  const search = options.fuseCandidates ? createFaqSearch(entries, content.synonyms) : null;
  const replies = createReplies(content, deps.now ?? (() => new Date()));
  const year = Number(cycleOpens(content).slice(0, 4));
  const buildMs = performance.now() - started;
  const reader = createReader(loaded.model, cutoffs, isEntry, options);
  const { predict, patternSays } = reader;

  /** The model's candidates, and fuse.js's to fill the list when the model offers fewer than three. */
  const candidatesFor = (text: string, decision: Decision): string[] => {
    const ids = [...decision.candidates];
    if (search && options.fuseCandidates && ids.length < MAX_SUGGESTIONS)
      for (const hit of search.search(text)) {
        if (ids.length >= MAX_SUGGESTIONS || hit.score < FUSE_CANDIDATE_MIN) break;
        if (!ids.includes(hit.entry.id)) ids.push(hit.entry.id);
      }
    return ids;
  };

  /** A decision carried out: the answer, the careful reply, the asker's status, a greeting or "did you mean". */
  const fromDecision = (decision: Decision, asked: string, ctx: AskContext): Answer => {
    const entry = decision.faqId === null ? undefined : replies.entry(decision.faqId);
    switch (decision.kind) {
      case 'faq': {
        if (!entry) return replies.unknown(candidatesFor(asked, decision), decision.confidence);
        const answer = replies.fitted(
          replies.faq(entry, decision.confidence, decision.candidates[0]),
          readSituation(asked, year, content.policy),
          ctx,
        );
        return decision.supportLine ? replies.withSupport(answer) : answer;
      }
      case 'sensitive':
        return replies.sensitive(
          asked,
          entry ? replies.faq(entry, decision.confidence) : null,
          decision.candidates,
        );
      case 'personal':
        return replies.personal(personalTopic(asked) ?? 'status', decision.candidates, ctx);
      case 'greeting':
        return replies.greeting(decision.candidates, isClosing(asked));
      case 'unknown': {
        const candidates = candidatesFor(asked, decision);
        // Unsure between entries whose answer depends on the person: their own status answers it for them.
        const aboutThem =
          decision.offerStatus === true || candidates.some((id) => replies.dependsOnAsker(id));
        return replies.unknown(candidates, decision.confidence, aboutThem);
      }
      default:
        return decision.kind satisfies never;
    }
  };

  /** One question, normalised: a part of a message, or a message the whole-message decision does not cover. */
  const answerOne = (text: string, ctx: AskContext): Answer => {
    let asked = normalise(text);
    if (asked === '') return replies.greeting();
    if (options.intentPatterns) {
      if (isGreeting(asked)) return replies.greeting();
      asked = withoutGreeting(asked);
    }
    const decision = decide(predict(asked), cutoffs, isEntry, patternSays(asked));
    if (options.intentPatterns && decision.kind !== 'faq' && decision.kind !== 'sensitive') {
      const topic = personalTopic(asked);
      if (topic) return replies.personal(topic, decision.candidates, ctx);
    }
    return fromDecision(decision, asked, ctx);
  };

  /** The support line under a message's last FAQ answer, once (an answer that has it already keeps it alone). */
  const withSupportLine = (answer: Answer): Answer => {
    const all = answer.answers ?? [answer];
    if (all.some((a) => a.supportLine === true)) return answer;
    const last = all.findLastIndex((a) => a.kind === 'faq');
    if (last === -1) return answer;
    const answers = all.map((a, i) => (i === last ? replies.withSupport(a) : a));
    const [head] = answers;
    return all.length === 1 && head ? { ...head, answers } : { ...answer, supportLine: true, answers };
  };

  const several: SeveralDeps = { options, cutoffs, isEntry, replies, answerOne, fromDecision };

  /** A message on its own: a disclosure anywhere in it decides the reply, else its questions are answered. */
  const answerAlone = (asked: string, ctx: AskContext): Answer => {
    // Bounded work per message, whatever its length: the first MAX_INPUT_CHARS are read for a
    // disclosure, the first MAX_SEARCH_CHARS for the question (a question is a few dozen words).
    const bounded = asked.length > MAX_INPUT_CHARS ? asked.slice(0, MAX_INPUT_CHARS) : asked;
    const question = bounded.length > MAX_SEARCH_CHARS ? bounded.slice(0, MAX_SEARCH_CHARS) : bounded;
    const normalised = normalise(question);
    // The whole message first: a disclosure anywhere in it decides the reply, whatever else it asks.
    const scores = predict(normalised);
    const pattern = patternSays(normalise(bounded));
    const first = decide(scores, cutoffs, isEntry, pattern);
    // A message of several clauses is also read a clause at a time: a disclosure in one of them makes it one.
    // So does the model's reading of the whole as one that tells something and asks (TOLD).
    const parts = reader.readsClauses ? clauses(question) : [];
    const pTold = reader.toldWeight(normalised, question);
    const toldMessage = reader.toldAt !== undefined && pTold >= reader.toldAt;
    const mixed = first.kind !== 'sensitive' && (toldMessage || parts.some((clause) => reader.tells(clause)));
    const supportOnly =
      !mixed && isSureAnswer(first) && reader.toldSupportAt !== undefined && pTold >= reader.toldSupportAt;
    const told = mixed ? decide(scores, cutoffs, isEntry, pattern, true) : first;
    const read =
      told.kind === 'sensitive' || bounded === question ? told : (reader.laterDisclosure(bounded) ?? told);
    const whole = withQuestionBeside(reader, cutoffs, isEntry, read, parts, {
      whole: toldMessage,
      normalised,
      question,
    });
    // A disclosure in one clause of a message the model is sure asks about the training: the message is answered
    // as any other (several questions one by one), the support line under the last answer (withSupportLine).
    if (whole.kind === 'sensitive' || (whole.supportLine && !mixed)) {
      const answer = fromDecision(whole, normalised, ctx);
      return { ...answer, answers: [answer] };
    }
    const answer = answerQuestions(several, { question, bounded, normalised, scores, whole }, ctx);
    return mixed || supportOnly ? withSupportLine(answer) : answer;
  };

  const followUps = { options, cutoffs, isEntry, reader, fromDecision };

  return {
    buildMs,
    modelSource: loaded.source,
    modelHash: loaded.hash,
    cutoffs,
    entry: (id) => replies.entry(id),
    answerFor: (id) => {
      const entry = replies.entry(id);
      return entry ? replies.faq(entry, 1) : null;
    },
    predict: (question) => predict(normalise(question)),
    rank: (question) =>
      predict(normalise(question))
        .filter((s) => isEntry(s.label))
        .map((s) => ({ entry: replies.entry(s.label) as FaqEntry, score: s.p, field: 'question' as const })),
    answer: (asked, ctx = {}) => withPrevious(followUps, asked, answerAlone(asked, ctx), ctx),
  };
}
