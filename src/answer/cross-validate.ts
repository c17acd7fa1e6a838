// Leave-one-writer-out cross-validation: for each writer of content/training/, the model is trained on
// everyone else's phrasings and asked the left-out writer's. It measures what a new person's wording does,
// which is what the cut-offs and the ablation are chosen on (never the holdout).
import type { Content } from '../content/load.js';
import type { ExchangeKind } from '../content/schemas.js';
import { DISCLOSURE, type Example, FAQ_WRITER, FOLLOW_UP, TOLD, trainingExamples } from './corpus.js';
import type { Cutoffs, Decision } from './decide.js';
import { createAnswerEngine, type EngineOptions } from './engine.js';
import { isQuestionAboutTheTopic, sensitiveMatch } from './intent.js';
import type { IntentModel, IntentModelOptions, LabelScore } from './intent-model.js';
import { clauses } from './messages.js';
import { type HeldOutReading, loadOrTrain, MODEL_CACHE_DIR, readHeldOut } from './model-cache.js';
import { normalise } from './normalise.js';
import { offeredEntries } from './predict.js';
import type { Answer } from './replies.js';
import { createSynonyms } from './terms.js';
import { withSharedFeatures } from './tfidf.js';

export interface HeldOut {
  text: string;
  /** What it means: an FAQ entry id or a route (out-of-scope, personal, greeting, disclosure). */
  label: string;
  writer: string;
  /** The model's probabilities, trained without this writer. */
  scores: LabelScore[];
  /** Whether the disclosure patterns match it. */
  patternSays: boolean;
  /**
   * Whether the model reads it as a follow-up (FOLLOW_UP its likeliest label, left out of `scores`): after
   * another message, the engine reads the two together. Absent: not.
   */
  followUp?: boolean;
  /** Of a message of several clauses, the highest disclosure probability of one clause read alone (else 0). */
  clauseDisclosure?: number;
  /** The probability that it tells something and asks about the training (the TOLD class; absent: 0). */
  told?: number;
  /** Of a message that tells something and asks (label TOLD): the entry that answers the question part. */
  asks?: string;
}

/** Of a message of several clauses (messages.ts `clauses`), the highest disclosure probability of one read alone. */
export function clauseDisclosure(model: Pick<IntentModel, 'read'>, text: string): number {
  let highest = 0;
  for (const clause of clauses(text)) {
    const p = model.read(clause).scores.find((s) => s.label === DISCLOSURE)?.p ?? 0;
    if (p > highest) highest = p;
  }
  return highest;
}

/** The writers that can be left out (the entries' own questions are always trained on). */
export function writersOf(examples: readonly Example[]): string[] {
  return [...new Set(examples.map((e) => e.writer))].filter((w) => w !== FAQ_WRITER).sort();
}

/** Each writer's phrasings as a model trained without that writer reads them. */
export function leaveOneWriterOut(
  content: Pick<Content, 'faq' | 'training' | 'synonyms'>,
  options: IntentModelOptions,
  examples: readonly Example[] = trainingExamples(content),
  /** Keep each fold's model here too (a second run over the same content reads them). */
  cacheDir: string | undefined = MODEL_CACHE_DIR,
): HeldOut[] {
  return crossValidate(content, options, examples, cacheDir, eachWriter);
}

/** One fold per writer: leave-one-writer-out. */
export function eachWriter(writers: readonly string[]): string[][] {
  return writers.map((w) => [w]);
}

/** Folds of writers for the quick cross-validation: `content check`'s review and the test suite's floors. */
export const WRITER_GROUPS = 8;

/** The writers in `groups` folds, dealt out one by one in the order given (sorted, as writersOf gives them). */
export function writerGroups(writers: readonly string[], groups = WRITER_GROUPS): string[][] {
  const count = Math.min(groups, writers.length);
  return Array.from({ length: count }, (_, g) => writers.filter((_, i) => i % count === g));
}

/**
 * Each writer's phrasings as a model trained without that writer's fold of writers reads them (WRITER_GROUPS
 * folds): eight models instead of one per writer, so it takes a minute where leave-one-writer-out takes ten, and
 * each model learns from seven in eight of the writers instead of all but one (its figures are a little lower).
 */
export function groupedCrossValidation(
  content: Pick<Content, 'faq' | 'training' | 'synonyms'>,
  options: IntentModelOptions,
  examples: readonly Example[] = trainingExamples(content),
  cacheDir: string | undefined = MODEL_CACHE_DIR,
  groups = WRITER_GROUPS,
): HeldOut[] {
  return crossValidate(content, options, examples, cacheDir, (writers) => writerGroups(writers, groups));
}

/** The models a cross-validation trains: for each fold of writers, the phrasings of everyone else. */
export function foldTrainingSets(
  examples: readonly Example[],
  folds: (writers: string[]) => string[][],
): { left: Set<string>; examples: Example[] }[] {
  return folds(writersOf(examples)).map((fold) => {
    const left = new Set(fold);
    return { left, examples: examples.filter((e) => !left.has(e.writer)) };
  });
}

function crossValidate(
  content: Pick<Content, 'faq' | 'training' | 'synonyms'>,
  options: IntentModelOptions,
  examples: readonly Example[],
  cacheDir: string | undefined,
  folds: (writers: string[]) => string[][],
): HeldOut[] {
  const synonyms = options.features.synonyms ? createSynonyms(content.synonyms) : null;
  const out: HeldOut[] = [];
  // The folds train on the same phrasings, a few writers fewer each: each phrasing's features are read once.
  withSharedFeatures(synonyms, options.features, () => {
    for (const fold of foldTrainingSets(examples, folds)) {
      const loaded = loadOrTrain(fold.examples, synonyms, content.synonyms, options, cacheDir);
      for (const r of heldOutBy(loaded, fold.left, examples, cacheDir)) out.push(r);
    }
  });
  return out;
}

/**
 * The phrasings of a fold's writers (`left`) as its model reads them: kept in the cache folder beside the model
 * (readHeldOut), so that the review, the floors, the evaluation and the calibration read each fold once between
 * them. `npm run warm-cache` reads them when it trains the folds.
 */
export function heldOutBy(
  loaded: { hash: string; model: Pick<IntentModel, 'read'> },
  left: ReadonlySet<string>,
  examples: readonly Example[],
  cacheDir: string | undefined,
): HeldOut[] {
  const held = examples.filter((e) => left.has(e.writer));
  const readings = readHeldOut(
    loaded.hash,
    held.map((e) => e.text),
    () =>
      held.map((e) => {
        const n = normalise(e.text);
        const { scores, followUp, told } = loaded.model.read(n);
        return {
          scores,
          patternSays: sensitiveMatch(n) !== null && !isQuestionAboutTheTopic(n),
          followUp,
          told,
          clauseDisclosure: clauseDisclosure(loaded.model, e.text),
        };
      }),
    cacheDir,
  );
  return held.map((e, i) => {
    const r = readings[i] as HeldOutReading;
    return {
      text: e.text,
      label: e.label,
      writer: e.writer,
      scores: r.scores,
      patternSays: r.patternSays,
      followUp: r.followUp,
      clauseDisclosure: r.clauseDisclosure,
      told: r.told,
      ...(e.asks !== undefined ? { asks: e.asks } : {}),
    };
  });
}

/** What the whole engine (not only the model) does with a left-out writer's phrasing. */
export interface EngineHeldOut {
  text: string;
  label: string;
  writer: string;
  decision: Decision;
  /**
   * The same phrasing asked right after an unrelated message (another left-out phrasing, of another label): two
   * questions in a row that have nothing to do with each other, as people send them. Every UNRELATED_EVERY-th
   * phrasing, and every disclosure: someone who asked about the training and then tells what happened must get
   * the careful reply all the same (a disclosure is never kept as the message before).
   */
  afterUnrelated?: Decision;
  /** Two messages in a row (an exchange of the training data), the second asked after the first: what it is. */
  exchange?: ExchangeKind;
  /**
   * A disclosure and a left-out FAQ phrasing in one message (every disclosure, the telling first or last by
   * turns): what the engine does with someone who tells something and asks about the training at once.
   */
  mixed?: { text: string; faq: string; decision: Decision };
  /** Of a message that tells something and asks (label TOLD): the entry that answers the question part. */
  asks?: string;
}

/** A disclosure and a question, one message: the telling first (even i) or last, as people write both. */
export function mixedMessage(disclosure: string, question: string, i: number): string {
  const ended = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);
  return i % 2 === 0 ? `${ended(disclosure)} ${question.trim()}` : `${ended(question)} ${disclosure.trim()}`;
}

/** One left-out phrasing in this many is also asked after an unrelated one. */
export const UNRELATED_EVERY = 8;

/** The message before the i-th: the first one half the list on with another label. */
function unrelatedTo(held: readonly Example[], i: number): Example | undefined {
  const own = held[i];
  for (let k = 0; k < held.length; k += 1) {
    const other = held[(i + Math.floor(held.length / 2) + k) % held.length];
    if (other && own && other.label !== own.label && other.label !== DISCLOSURE && other.label !== TOLD)
      return other;
  }
  return undefined;
}

/**
 * The whole engine (not only the model) over folds of writers: for each fold, an engine built without its
 * writers' phrasings answers them. What the ablation compares, each part of the engine switched off in turn
 * (`eachWriter`: leave-one-writer-out; `writerGroups`: the eight groups, a screen in minutes).
 */
export function engineCrossValidation(
  content: Content,
  options: EngineOptions,
  cutoffs: Cutoffs,
  examples: readonly Example[],
  folds: (writers: string[]) => string[][],
  cacheDir: string | undefined = MODEL_CACHE_DIR,
): EngineHeldOut[] {
  const out: EngineHeldOut[] = [];
  const entryIds = new Set(content.faq.entries.map((e) => e.id));
  for (const fold of foldTrainingSets(examples, folds)) {
    const engine = createAnswerEngine({
      content,
      options,
      cutoffs,
      examples: fold.examples,
      cacheDir,
    });
    // A follow-up's second message alone has no right answer to ask for: it is asked in its exchange.
    const held = examples.filter((e) => fold.left.has(e.writer) && e.label !== FOLLOW_UP);
    const single = held.filter((e) => e.message === undefined);
    const questions = single.filter((e) => entryIds.has(e.label));
    let disclosures = 0;
    single.forEach((e, i) => {
      const telling = e.label === DISCLOSURE || e.label === TOLD;
      const before = i % UNRELATED_EVERY === 0 || telling ? unrelatedTo(single, i) : undefined;
      const n = e.label === DISCLOSURE ? disclosures++ : -1;
      // Spread over the fold's questions: a prime stride, so that neighbouring disclosures meet different entries.
      const question = n >= 0 && questions.length > 0 ? questions[(n * 97) % questions.length] : undefined;
      const mixed = question ? mixedMessage(e.text, question.text, n) : undefined;
      out.push({
        text: e.text,
        label: e.label,
        writer: e.writer,
        ...(e.asks !== undefined ? { asks: e.asks } : {}),
        decision: decisionOf(engine.answer(e.text)),
        ...(before ? { afterUnrelated: decisionOf(engine.answer(e.text, { previous: before.text })) } : {}),
        ...(question && mixed
          ? { mixed: { text: mixed, faq: question.label, decision: decisionOf(engine.answer(mixed)) } }
          : {}),
      });
    });
    // Two messages in a row, as the bot meets them: the second asked after the first.
    for (const e of held) {
      if (e.message === undefined || e.before === undefined) continue;
      const answer = engine.answer(e.message, { previous: e.before });
      out.push({
        text: e.text,
        label: e.label,
        writer: e.writer,
        decision: decisionOf(answer),
        exchange: e.kind ?? 'follow-up',
      });
    }
  }
  return out;
}

/** An answer read back as the decision it carries out. */
export function decisionOf(answer: Answer): Decision {
  return {
    kind: answer.kind,
    band: answer.band,
    faqId: answer.faq?.id ?? null,
    candidates: offeredEntries(answer),
    supportLine: answer.supportLine === true,
    confidence: answer.score,
  };
}
