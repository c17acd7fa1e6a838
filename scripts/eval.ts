// `npm run eval`: the engine measured on what it did not learn from.
//  1. Leave-one-writer-out cross-validation over content/training/ (what the cut-offs are read from and
//     every design choice is made on), with the reliability curve.
//  2. `--ablation`: the same, with each part of the engine switched off in turn (never the holdout).
//     `--folds groups`: both over the eight groups of writers instead (eight models a row instead of one per
//     writer: a screen in minutes, where leave-one-writer-out takes half an hour a row on two cores).
//  3. test/eval/conversation.yml (follow-ups and several questions in one message), follow-ups.yml
//     (two-message exchanges), several.yml (several questions in one message), mixed.yml (something told and a
//     question asked at once), dev-3.yml (single messages by five more writers), dev-context.yml (messages
//     with context about a life or a job) and dev-story.yml (course questions told like a story, and tellings
//     framed the same way): development sets.
//  4. test/eval/holdout.yml, holdout-2.yml to holdout-5.yml, holdout-several.yml, holdout-follow-ups.yml,
//     holdout-mixed.yml, holdout-mixed-2.yml and holdout-context.yml, reported as they come: nothing is
//     trained or tuned on them.
//  5. The plain baselines on the same training data and the same holdout, in the same run.
// `--only-sets --questions FILE`: 3-5 alone, on a set of one's own (the shape of test/eval/holdout.yml).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  chooseCutoffs,
  decisionsOf,
  figuresOf,
  formatCurve,
  formatFigures,
  reliabilityCurve,
} from '../src/answer/calibrate.js';
import { DISCLOSURE, TOLD, trainingExamples } from '../src/answer/corpus.js';
import {
  type EngineHeldOut,
  eachWriter,
  engineCrossValidation,
  groupedCrossValidation,
  leaveOneWriterOut,
  UNRELATED_EVERY,
  writerGroups,
} from '../src/answer/cross-validate.js';
import type { Cutoffs, Decision } from '../src/answer/decide.js';
import { createAnswerEngine, cutoffsOf, ENGINE_OPTIONS, type EngineOptions } from '../src/answer/engine.js';
import { evaluate, formatReport, loadEvalQuestions } from '../src/answer/evaluate.js';
import { MODEL_CACHE_DIR } from '../src/answer/model-cache.js';
import { predictWith } from '../src/answer/predict.js';
import { loadContent } from '../src/content/load.js';
import { EXCHANGE_KINDS } from '../src/content/schemas.js';
import { baselines } from './baselines.js';

const HOLDOUT = 'test/eval/holdout.yml';
// Written in round 13 by three more writers, after the first holdout had been measured 22 times.
const HOLDOUT_2 = 'test/eval/holdout-2.yml';
// Written in round 17 by three more writers, after the first had been measured 27 times.
const HOLDOUT_3 = 'test/eval/holdout-3.yml';
// Written in round 25 by three more writers, after the first had been measured 34 times.
const HOLDOUT_4 = 'test/eval/holdout-4.yml';
// Written in round 28 by three more writers, after the first had been measured 37 times.
const HOLDOUT_5 = 'test/eval/holdout-5.yml';
const CONVERSATION = 'test/eval/conversation.yml';
const FOLLOW_UPS = 'test/eval/follow-ups.yml';
// Round 22: exchanges of four kinds by two more writers, with the brief of holdout-follow-ups.yml (development).
const FOLLOW_UPS_2 = 'test/eval/follow-ups-2.yml';
// Round 21: messages with several questions, by two writers (the splitter's development set) and a third (held out).
const SEVERAL = 'test/eval/several.yml';
const HOLDOUT_SEVERAL = 'test/eval/holdout-several.yml';
// Round 22: two-message exchanges by one more writer (follow-ups, new questions after an unrelated one, out of scope,
// the asker's own record), held out.
const HOLDOUT_FOLLOW_UPS = 'test/eval/holdout-follow-ups.yml';
// Round 29: messages that tell something and ask about the training at once, by two writers (development) and two
// more (held out).
const MIXED = 'test/eval/mixed.yml';
const HOLDOUT_MIXED = 'test/eval/holdout-mixed.yml';
// Round 29: 400 more by four writers, commissioned after the clause reading was decided (held out).
const HOLDOUT_MIXED_2 = 'test/eval/holdout-mixed-2.yml';
// Round 30: single messages by five writers, tried as training data and not kept (development).
const DEV_3 = 'test/eval/dev-3.yml';
// Round 32: messages with context about a life or a job (never harm), several people, course topics told like a
// story, by two writers (development) and two more (held out).
const DEV_CONTEXT = 'test/eval/dev-context.yml';
const HOLDOUT_CONTEXT = 'test/eval/holdout-context.yml';
// Round 35: course questions told like a story and tellings framed the same way, by six writers, tried as training data
// and not kept (development).
const DEV_STORY = 'test/eval/dev-story.yml';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    ablation: { type: 'boolean', default: false },
    // writers: leave one writer out (what the cut-offs are read from); groups: the eight groups of writers.
    folds: { type: 'string', default: 'writers' },
    // Sets to report besides the cross-validation; by default the conversation sets and the holdout.
    questions: { type: 'string', multiple: true },
    misses: { type: 'boolean', default: true },
    // A held-out set's misses (any file named holdout) are not printed unless asked: whoever reads them is
    // tempted to tune on them.
    'holdout-misses': { type: 'boolean', default: false },
    // Only the labelled sets (3-5): the product and the baselines on --questions FILE (or the default sets), in a
    // few seconds once the models are in the cache, without the cross-validation: a set of your own measured.
    'only-sets': { type: 'boolean', default: false },
  },
});
if (values['only-sets'] && values.ablation) {
  console.error(
    '--only-sets and --ablation: the ablation is a cross-validation, which --only-sets leaves out; choose one',
  );
  process.exit(1);
}
if (values.folds !== 'writers' && values.folds !== 'groups') {
  console.error(
    `--folds ${values.folds}: expected writers (leave one writer out) or groups (the eight groups)`,
  );
  process.exit(1);
}
const grouped = values.folds === 'groups';
const content = loadContent(resolve(values.content));
const entryIds = new Set(content.faq.entries.map((e) => e.id));
const isEntry = (label: string) => entryIds.has(label);
const crossValidation = (model: EngineOptions['model']) =>
  grouped ? groupedCrossValidation(content, model) : leaveOneWriterOut(content, model);
const examples = trainingExamples(content);
const engineHeldOut = (options: EngineOptions, cutoffs: Cutoffs) =>
  engineCrossValidation(content, options, cutoffs, examples, grouped ? writerGroups : eachWriter);

// Sections 1 and 2, unless --only-sets: half an hour of two cores for leave-one-writer-out when its folds are not in
// the model cache.
if (!values['only-sets']) crossValidationSections();

/** What the engine did with held-out records, as the figures count it. */
function heldFigures(held: readonly EngineHeldOut[]) {
  return figuresOf(
    held,
    held.map((r) => r.decision),
    isEntry,
  );
}

/** Care: the careful reply, or an answer with the support line under it. */
const cared = (d: Decision) => d.kind === 'sensitive' || d.supportLine;
const of = (n: number, total: number) => pct(total === 0 ? Number.NaN : n / total);
/** The single phrasings that tell and ask (TOLD), and those that tell nothing (neither TOLD nor a disclosure). */
const toldAndAsked = (held: readonly EngineHeldOut[]) => held.filter((r) => !r.exchange && r.label === TOLD);
const tellingNothing = (held: readonly EngineHeldOut[]) =>
  held.filter((r) => !r.exchange && r.label !== DISCLOSURE && r.label !== TOLD);

/**
 * An ablation row: the single phrasings' figures, then the exchanges' (the second message after the first), then
 * care for those who tell something and ask (a left-out disclosure joined to a left-out question; the training data's
 * own messages that tell and ask), and the careful reply given to phrasings that tell nothing: what the clause and
 * told-and-asked readings are for, and what they cost.
 */
function ablationFigures(held: readonly EngineHeldOut[]): string {
  const exchanges = heldFigures(held.filter((r) => r.exchange));
  const mixed = held.flatMap((r) => (r.mixed ? [r.mixed] : []));
  const told = toldAndAsked(held);
  const quiet = tellingNothing(held);
  const careful = quiet.filter((r) => r.decision.kind === 'sensitive').length;
  return `${formatFigures(heldFigures(held.filter((r) => !r.exchange)))} | exchanges: top-1 ${pct(exchanges.top1)} wrong ${pct(exchanges.wrong)} personal ${pct(exchanges.personalRouted)} | care: joined ${of(mixed.filter((m) => cared(m.decision)).length, mixed.length)} told ${of(told.filter((r) => cared(r.decision)).length, told.length)} | careful reply to ${careful} of ${quiet.length} that tell nothing`;
}

/**
 * Someone who tells something and asks about the training in one message (each left-out disclosure joined to a
 * left-out FAQ phrasing): the share shown care, given the entry's answer, given it or offered it; and what reading
 * the clauses costs: of the single phrasings that tell nothing, the share answered with the support line under it;
 * of the disclosures alone, the share given an FAQ answer under the careful reply (a clause read as a question).
 */
function mixedFigures(held: readonly EngineHeldOut[]): string {
  const gave = (d: Decision, faq: string | undefined) =>
    d.faqId === faq && (d.kind === 'faq' || d.kind === 'sensitive');
  const gaveOrOffered = (d: Decision, faq: string | undefined) =>
    gave(d, faq) || (faq !== undefined && d.candidates.includes(faq));
  const mixed = held.flatMap((r) => (r.mixed ? [r.mixed] : []));
  const count = (f: (d: Decision, faq: string) => boolean) =>
    mixed.filter((m) => f(m.decision, m.faq)).length;
  const care = count(cared);
  const answered = count(gave);
  const offered = count(gaveOrOffered);
  const told = tellingNothing(held);
  const unasked = told.filter((r) => r.decision.supportLine).length;
  const alone = held.filter((r) => !r.exchange && r.label === DISCLOSURE);
  const answeredUnder = alone.filter(
    (r) => r.decision.kind === 'sensitive' && r.decision.faqId !== null,
  ).length;
  // The training data's own messages that tell and ask (TOLD), each asked by a model trained without its writer.
  const written = toldAndAsked(held);
  const writtenOf = (f: (d: Decision, faq: string | undefined) => boolean) =>
    of(written.filter((r) => f(r.decision, r.asks)).length, written.length);
  const writtenLine =
    written.length === 0
      ? ''
      : `; the left-out messages that tell and ask (${written.length}): care ${writtenOf(cared)}, entry answered ${writtenOf(gave)}, answered or offered ${writtenOf(gaveOrOffered)}, another entry given ${writtenOf((d, faq) => d.faqId !== null && d.faqId !== faq)}`;
  return `a disclosure and a question in one message (${mixed.length}): care ${of(care, mixed.length)}, entry answered ${of(answered, mixed.length)}, answered or offered ${of(offered, mixed.length)}; support line under ${of(unasked, told.length)} of the ${told.length} phrasings that tell nothing; an FAQ answer under the careful reply to ${of(answeredUnder, alone.length)} of the ${alone.length} disclosures alone${writtenLine}`;
}

function crossValidationSections(): void {
  // ---------------------------------------------------------------- 1. leave one writer out
  const writers = [...new Set(content.training.phrasings.map((p) => p.writer))];
  console.log(
    `${grouped ? 'cross-validation over the eight groups of writers' : 'leave-one-writer-out cross-validation'}: ${content.training.phrasings.length} phrasings by ${writers.length} writers (${writers.join(', ')})`,
  );
  const records = crossValidation(ENGINE_OPTIONS.model);
  // Over the groups, every row's cut-offs are read from the groups' curve, the shipped row's too: the content's
  // were read leave-one-writer-out, and rows compared on different curves would differ by that alone.
  const CUTOFFS = grouped
    ? chooseCutoffs(records, isEntry, ENGINE_OPTIONS.sensitivePatterns)
    : cutoffsOf(content);
  if (grouped) console.log(`  cut-offs read from the groups' curve: ${JSON.stringify(CUTOFFS)}`);
  console.log(formatCurve(reliabilityCurve(records, isEntry), CUTOFFS));
  console.log(
    `  model + shipped cut-offs: ${formatFigures(figuresOf(records, decisionsOf(records, CUTOFFS, isEntry), isEntry))}`,
  );
  const engineHeld = engineHeldOut(ENGINE_OPTIONS, CUTOFFS);
  const shipped = heldFigures(engineHeld.filter((r) => !r.exchange));
  console.log(`  the engine (shipped):     ${formatFigures(shipped)}`);
  const exchanges = engineHeld.filter((r) => r.exchange);
  console.log(
    `  two messages in a row (${exchanges.length} exchanges of the left-out writers, the second asked after the first):`,
  );
  console.log(`                            ${formatFigures(heldFigures(exchanges))}`);
  for (const kind of EXCHANGE_KINDS) {
    const own = exchanges.filter((r) => r.exchange === kind);
    console.log(`    ${`${kind} (${own.length})`.padEnd(23)} ${formatFigures(heldFigures(own))}`);
  }
  // Two questions in a row that have nothing to do with each other: the second must not take the first's answer.
  const paired = engineHeld.flatMap((r) => (r.afterUnrelated ? [{ ...r, after: r.afterUnrelated }] : []));
  const after = figuresOf(
    paired,
    paired.map((r) => r.after),
    isEntry,
  );
  const alone = figuresOf(
    paired,
    paired.map((r) => r.decision),
    isEntry,
  );
  console.log(
    `  after an unrelated message (${paired.length} phrasings, one in ${UNRELATED_EVERY} and every disclosure, each asked after another left-out phrasing of another label):`,
  );
  console.log(`    alone:                  ${formatFigures(alone)}`);
  console.log(`    after the other one:    ${formatFigures(after)}`);
  console.log(`  ${mixedFigures(engineHeld)}`);
  for (const writer of writers) {
    const own = engineHeld.filter((r) => r.writer === writer);
    console.log(
      `    left out ${writer.padEnd(20)} ${formatFigures(
        figuresOf(
          own,
          own.map((r) => r.decision),
          isEntry,
        ),
      )}`,
    );
  }
  console.log('');

  // ---------------------------------------------------------------- 2. ablation
  if (values.ablation) {
    const FEATURE_NAMES = {
      stemmer: 'stemmer',
      synonyms: 'synonyms',
      chars: 'letter n-grams',
      charsAcrossWords: 'letter n-grams across words',
    } as const;
    // Each part switched from its shipped setting: `on` is the setting measured (+ added, − taken away).
    type Flag =
      | 'sensitivePatterns'
      | 'intentPatterns'
      | 'fuseCandidates'
      | 'split'
      | 'splitAtJoins'
      | 'readWithPrevious'
      | 'rereadFollowUps'
      | 'rereadSensitiveFollowUps'
      | 'readClauses'
      | 'readTold';
    const shippedFlags: Record<Flag, boolean> = {
      ...ENGINE_OPTIONS,
      sensitivePatterns: ENGINE_OPTIONS.sensitivePatterns ?? CUTOFFS.disclosurePatterns === true,
    };
    const flip = (key: Flag, name: string) => ({
      name,
      on: !shippedFlags[key],
      options: { ...ENGINE_OPTIONS, [key]: !shippedFlags[key] },
    });
    const rows: { name: string; on: boolean; options: EngineOptions }[] = [
      flip('sensitivePatterns', 'disclosure patterns'),
      flip('intentPatterns', 'intent patterns (greeting, personal)'),
      flip('fuseCandidates', 'fuse.js "did you mean" candidates'),
      flip('split', 'splitting several questions'),
      flip('splitAtJoins', 'a second question at a join, read by the model'),
      flip('readWithPrevious', 'a follow-up read with the message before'),
      flip('rereadFollowUps', 'a message read as a follow-up read so however sure'),
      flip('rereadSensitiveFollowUps', 'a follow-up read as a disclosure alone read so too'),
      flip('readClauses', 'a disclosure in one clause of a question'),
      flip('readTold', 'a message read whole as told and asked'),
      ...(['stemmer', 'synonyms', 'chars', 'charsAcrossWords'] as const).map((feature) => ({
        name: FEATURE_NAMES[feature],
        on: !ENGINE_OPTIONS.model.features[feature],
        options: {
          ...ENGINE_OPTIONS,
          model: {
            ...ENGINE_OPTIONS.model,
            features: {
              ...ENGINE_OPTIONS.model.features,
              [feature]: !ENGINE_OPTIONS.model.features[feature],
            },
          },
        },
      })),
      {
        name: 'dropout in training',
        on: !ENGINE_OPTIONS.model.train.dropout,
        options: {
          ...ENGINE_OPTIONS,
          model: {
            ...ENGINE_OPTIONS.model,
            train: { ...ENGINE_OPTIONS.model.train, dropout: ENGINE_OPTIONS.model.train.dropout ? 0 : 0.5 },
          },
        },
      },
    ];
    const conversation = existsSync(resolve(CONVERSATION)) ? loadEvalQuestions(resolve(CONVERSATION)) : [];
    const followUps = existsSync(resolve(FOLLOW_UPS)) ? loadEvalQuestions(resolve(FOLLOW_UPS)) : [];
    const conversationFigures = (options: EngineOptions) => {
      const engine = createAnswerEngine({ content, options });
      const r = evaluate(conversation, predictWith(engine));
      const f = evaluate(followUps, predictWith(engine));
      return `conversation: follow-ups ${pct(r.followUp)} several questions ${pct(r.multiQuestion)} | follow-ups.yml: top-1 ${pct(f.top1)} wrong ${pct(f.confidentlyWrong)}`;
    };
    console.log(
      `ablation (${grouped ? 'the eight groups of writers' : 'leave-one-writer-out'}; each part switched from its shipped setting, cut-offs re-read for a changed model)`,
    );
    console.log(
      `  ${'shipped'.padEnd(38)} ${ablationFigures(engineHeld)} | ${conversationFigures(ENGINE_OPTIONS)}`,
    );
    for (const { name, on, options } of rows) {
      // Cut-offs are read again whenever what they are read against changes: the model, or the patterns.
      const cutoffs =
        options.model === ENGINE_OPTIONS.model && options.sensitivePatterns === undefined
          ? CUTOFFS
          : chooseCutoffs(crossValidation(options.model), isEntry, options.sensitivePatterns);
      const held = engineHeldOut(options, cutoffs);
      const state = `${on ? '+' : '−'} ${name}`;
      console.log(`  ${state.padEnd(38)} ${ablationFigures(held)} | ${conversationFigures(options)}`);
    }
    console.log('');
  }
}

// ---------------------------------------------------------------- 3–4. the labelled sets
const paths =
  values.questions ??
  [
    CONVERSATION,
    FOLLOW_UPS,
    FOLLOW_UPS_2,
    SEVERAL,
    MIXED,
    DEV_3,
    DEV_CONTEXT,
    DEV_STORY,
    HOLDOUT,
    HOLDOUT_2,
    HOLDOUT_3,
    HOLDOUT_4,
    HOLDOUT_5,
    HOLDOUT_SEVERAL,
    HOLDOUT_FOLLOW_UPS,
    HOLDOUT_MIXED,
    HOLDOUT_MIXED_2,
    HOLDOUT_CONTEXT,
  ].filter((path) => existsSync(resolve(path)));
// The content's model as the app reads it: from the model cache when it is there (`model build`, the tests' setup).
const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });
for (const path of paths) {
  const questions = loadEvalQuestions(resolve(path));
  console.log(
    formatReport(`product on ${path}`, evaluate(questions, predictWith(engine)), {
      misses: /holdout/.test(path) ? values['holdout-misses'] : values.misses,
    }),
  );
  const kinds = byKind(questions);
  if (kinds !== '') console.log(kinds);
  console.log('');
  // ---------------------------------------------------------------- 5. baselines, same training data
  for (const { name, predict } of baselines(content))
    console.log(formatReport(`${name} on ${path}`, evaluate(questions, predict), { misses: false }));
  console.log('');
}

/**
 * A set whose messages are each of one of several kinds (the first tag: follow-up, new-question, out-of-scope,
 * own-record; multi, single, mixed): the product's figures for each kind, in one line each. Not a set tagged by
 * persona (the first holdouts): a figure for each of a dozen small groups is a figure to steer by.
 */
function byKind(questions: ReturnType<typeof loadEvalQuestions>): string {
  const KINDS = ['multi', 'single', 'mixed', 'follow-up', 'new-question', 'out-of-scope', 'own-record'];
  const kinds = [...new Set(questions.map((q) => q.tags?.[0] ?? ''))];
  if (kinds.length < 2 || !kinds.every((k) => KINDS.includes(k))) return '';
  return kinds
    .map((kind) => {
      const own = questions.filter((q) => q.tags?.[0] === kind);
      const r = evaluate(own, predictWith(engine));
      const parts = [
        r.faqQuestions > 0 ? `top-1 ${pct(r.top1)} offered ${pct(r.answeredOrOffered)}` : '',
        `wrong ${pct(r.confidentlyWrong)}`,
        own.some((q) => q.expect === 'unknown')
          ? `abstention on unanswerable ${pct(r.outOfScopeRecall)}`
          : '',
        own.some((q) => q.expect === 'personal') ? `personal ${pct(r.personalRouting)}` : '',
      ];
      return `  ${`${kind} (${own.length}):`.padEnd(22)} ${parts.filter((p) => p !== '').join('  ')}`;
    })
    .join('\n');
}

function pct(x: number): string {
  return Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}
