// The cut-offs, read from the leave-one-writer-out reliability curve (pure): the answer cut-off is the
// lowest probability at which the answers given are right often enough; the disclosure cut-off the highest
// at which disclosures are still recognised (by the model alone when it can, with the hand-written patterns
// when it cannot); "did you mean" the highest at which the right entry is still answered or offered, or lower,
// as far down as its buttons still help at least as many FAQ questions as they bother out-of-scope ones; a disclosure
// in one clause the lowest at which reading clauses alone seldom gives care to a message that tells nothing; and a
// message that tells and asks (the TOLD class) within the same budget, with two cut-offs: the careful reply, and the
// support line alone under a sure answer (round 34). `npm run calibrate` writes them to the content folder's
// calibration.yml.

import { AppError } from '../errors.js';
import { DISCLOSURE, FOLLOW_UP, OUT_OF_SCOPE, TOLD } from './corpus.js';
import type { HeldOut } from './cross-validate.js';
import { type Cutoffs, type Decision, decide, faqMass, isSureAnswer } from './decide.js';

/**
 * What the cut-offs must achieve on phrasings by writers the model did not see. A wrong entry given as
 * the answer misleads about an obligation, so answers must be right ANSWER_PRECISION of the time; a missed
 * disclosure is the worst miss of all, so recall comes first.
 */
export const TARGETS = {
  ANSWER_PRECISION: 0.975,
  MARGINAL_PRECISION: 0.85,
  DISCLOSURE_RECALL: 0.99,
  OFFERED: 0.98,
  OFFERED_SLACK: 0.005,
  /**
   * The "did you mean" target holds for the phrasings pooled and, for the share of the writers left out
   * one at a time given here, for that writer's own: a new person's wording is one writer's, and the pooled figure is
   * carried by the many whose wording is like the rest's (round 8, 62 files: at the pooled "did you mean"
   * cut-off, 41 of the 62 writers were offered their entry 98% of the time). Nine in ten until round 14: the
   * goal is 98% on one new writer's set, and nine in ten leaves, by design, one new writer in ten under it
   * (the holdout's writer was: 97.2% at round 13's cut-offs).
   */
  WRITERS: 0.95,
  /**
   * Reading a message's clauses one at a time finds the disclosure in a message that also asks about the training
   * (round 29); it may give care to at most this share of the messages that tell nothing (one in a thousand),
   * beyond those the whole message already gives it to. Leave-one-writer-out, round 29: see the README.
   */
  CLAUSE_FALSE_ALARMS: 0.001,
  /**
   * The same for the model's reading of a whole message as one that tells something and asks (the TOLD class,
   * round 31): care to at most one in a thousand of the messages that tell nothing, beyond those already given it.
   */
  TOLD_FALSE_ALARMS: 0.001,
} as const;

/** The lower end of a share's one-sided 95% confidence interval (Wilson's score interval), over n. */
export function wilsonLower(share: number, n: number, z = 1.645): number {
  if (n === 0) return 0;
  const z2 = z * z;
  const centre = share + z2 / (2 * n);
  const spread = z * Math.sqrt((share * (1 - share)) / n + z2 / (4 * n * n));
  return (centre - spread) / (1 + z2 / n);
}

/** How far above a cut-off the answers count as "at the margin". */
const MARGIN_WIDTH = 0.1;

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

export interface Figures {
  /** FAQ phrasings answered with their entry. */
  top1: number;
  /** FAQ phrasings answered with their entry, or offered it under "did you mean". */
  offered: number;
  /** Of FAQ and out-of-scope phrasings, the share answered with a wrong entry. */
  wrong: number;
  /** Of the answers given with an entry, the share that were right. */
  precision: number;
  /** Out-of-scope phrasings not answered with an entry. */
  abstained: number;
  disclosureRecall: number;
  /** Of everything that is not a disclosure, the share given the careful reply. */
  disclosureFalsePositive: number;
  personalRouted: number;
  greetingRouted: number;
  n: number;
}

export function decisionsOf(
  records: readonly HeldOut[],
  cutoffs: Cutoffs,
  isEntry: (label: string) => boolean,
  patterns = cutoffs.disclosurePatterns === true,
): Decision[] {
  return records.map((r) => decide(r.scores, cutoffs, isEntry, patterns && r.patternSays));
}

export function figuresOf(
  records: readonly { label: string }[],
  decisions: readonly Decision[],
  isEntry: (label: string) => boolean,
): Figures {
  let faq = 0;
  let right = 0;
  let offered = 0;
  let scoped = 0;
  let wrong = 0;
  let answered = 0;
  let oos = 0;
  let abstained = 0;
  let disc = 0;
  let found = 0;
  let notDisc = 0;
  let alarms = 0;
  let personal = 0;
  let personalRight = 0;
  let greeting = 0;
  let greetingRight = 0;
  records.forEach((r, i) => {
    const d = decisions[i] as Decision;
    const gaveEntry = d.kind === 'faq' && d.faqId !== null;
    // (A message that tells and asks is answered with the entry its question asks: not an answer to count here.)
    if (gaveEntry && r.label !== TOLD) answered += 1;
    if (isEntry(r.label)) {
      faq += 1;
      if (gaveEntry && d.faqId === r.label) right += 1;
      // Offered: as buttons under "did you mean", the careful reply, the asker's status or a greeting, or
      // as the runner-up first among an answer's related questions.
      if ((gaveEntry && d.faqId === r.label) || d.candidates.includes(r.label)) offered += 1;
    }
    if (isEntry(r.label) || r.label === OUT_OF_SCOPE) {
      scoped += 1;
      if (gaveEntry && d.faqId !== r.label) wrong += 1;
    }
    if (r.label === OUT_OF_SCOPE) {
      oos += 1;
      if (!gaveEntry) abstained += 1;
    }
    if (r.label === DISCLOSURE) {
      disc += 1;
      if (d.kind === 'sensitive') found += 1;
    } else if (r.label !== TOLD) {
      // (A message that tells something and asks is neither: care is right for it, and not a disclosure alone.)
      notDisc += 1;
      if (d.kind === 'sensitive') alarms += 1;
    }
    if (r.label === 'personal') {
      personal += 1;
      if (d.kind === 'personal') personalRight += 1;
    }
    if (r.label === 'greeting') {
      greeting += 1;
      if (d.kind === 'greeting') greetingRight += 1;
    }
  });
  const share = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
  return {
    top1: share(right, faq),
    offered: share(offered, faq),
    wrong: share(wrong, scoped),
    // An answer can only be right for a phrasing of an entry: `right` counts all of them.
    precision: share(right, answered),
    abstained: share(abstained, oos),
    disclosureRecall: share(found, disc),
    disclosureFalsePositive: share(alarms, notDisc),
    personalRouted: share(personalRight, personal),
    greetingRouted: share(greetingRight, greeting),
    n: records.length,
  };
}

/** The figures of each writer's own phrasings. */
function figuresByWriter(
  records: readonly HeldOut[],
  decisions: readonly Decision[],
  isEntry: (label: string) => boolean,
): Map<string, Figures> {
  const byWriter = new Map<string, number[]>();
  records.forEach((r, i) => {
    const rows = byWriter.get(r.writer) ?? [];
    rows.push(i);
    byWriter.set(r.writer, rows);
  });
  const out = new Map<string, Figures>();
  for (const [writer, rows] of byWriter)
    out.set(
      writer,
      figuresOf(
        rows.map((i) => records[i] as HeldOut),
        rows.map((i) => decisions[i] as Decision),
        isEntry,
      ),
    );
  return out;
}

/**
 * Whether enough of the writers meet a target on their own phrasings (TARGETS.WRITERS); a writer the
 * figure says nothing about (no phrasing of that kind: NaN) is not counted.
 */
function enoughWriters(
  byWriter: Map<string, Figures>,
  meets: (f: Figures, writer: string) => boolean | null,
) {
  let counted = 0;
  let meeting = 0;
  for (const [writer, f] of byWriter) {
    const verdict = meets(f, writer);
    if (verdict === null) continue;
    counted += 1;
    if (verdict) meeting += 1;
  }
  return counted === 0 || meeting >= TARGETS.WRITERS * counted;
}

/**
 * The cut-offs that meet the targets on the held-out phrasings, each read in turn from its curve;
 * "did you mean"'s for the phrasings pooled and for TARGETS.WRITERS of the writers on their own.
 */
export function chooseCutoffs(
  records: readonly HeldOut[],
  isEntry: (label: string) => boolean,
  /**
   * Whether the disclosure patterns decide beside the model. Unset: the model alone when it reaches the
   * recall target, the patterns with it only when it does not (a folder with few writers of disclosures);
   * set: that, as the ablation measures it.
   */
  patterns?: boolean,
): Cutoffs {
  if (patterns === undefined) {
    try {
      return chooseCutoffs(records, isEntry, false);
    } catch (error) {
      if (!(error instanceof CalibrationError)) throw error;
      return chooseCutoffs(records, isEntry, true);
    }
  }
  // The messages that tell and ask have their own cut-off (toldCutoff); every other is read without them: they are
  // not disclosures to recognise whole, nor questions to answer, nor messages that tell nothing.
  const all = records;
  records = records.filter((r) => r.label !== TOLD);
  const both = (cutoffs: Cutoffs, decisions = decisionsOf(records, cutoffs, isEntry, patterns)) => {
    return {
      pooled: figuresOf(records, decisions, isEntry),
      byWriter: figuresByWriter(records, decisions, isEntry),
    };
  };
  const at = (cutoffs: Cutoffs, over: readonly HeldOut[] = records) =>
    figuresOf(over, decisionsOf(over, cutoffs, isEntry, patterns), isEntry);
  // 1. Disclosures, recall first: the highest cut-off that still finds them (answers not yet in the way).
  // When none does, calibrating fails: a cut-off that misses disclosures is never written.
  const disclosures = records.filter((r) => r.label === DISCLOSURE).length;
  const recallAt = (answerAt: number) => {
    if (disclosures === 0) return 1;
    // Pooled only: a writer has some fifteen disclosures, and 99% of them is every one, a target of its own
    // (leave-one-writer-out with 69 files: the cut-off 0.08 -> 0.04, false alarms 0.6 -> 1.0%).
    // Met with confidence where the count can show it: the recall's lower bound (Wilson, one-sided 95%) at
    // the target, so that a cut-off is not raised on a point or two of noise in the curve (round 11, 83 files:
    // 99.07% recall at 0.17 and at 0.15, 99.17% at 0.12; a third-party disclosure the tests hold, "one of my
    // students was groped on the shuttle", at 0.13). Else, as with a folder's few disclosures, the recall itself.
    // Each cut-off's recall read once: both passes below walk the same grid.
    const recalls = new Map<number, number>();
    const recall = (t: number) => {
      let r = recalls.get(t);
      if (r === undefined) {
        r = at({ answerAt, suggestAt: 1, disclosureAt: t, disclosurePatterns: patterns }).disclosureRecall;
        recalls.set(t, r);
      }
      return r;
    };
    const highest = (meets: (t: number) => boolean) => [...GRID].reverse().find(meets);
    const found =
      highest((t) => wilsonLower(recall(t), disclosures) >= TARGETS.DISCLOSURE_RECALL) ??
      highest((t) => recall(t) >= TARGETS.DISCLOSURE_RECALL);
    if (found !== undefined) return found;
    const best = at({
      answerAt,
      suggestAt: 1,
      disclosureAt: GRID[0] ?? 0.01,
      disclosurePatterns: patterns,
    }).disclosureRecall;
    throw new CalibrationError(
      `no disclosure cut-off recognises ${TARGETS.DISCLOSURE_RECALL * 100}% of the disclosures (at most ${(best * 100).toFixed(1)}%, with answers at ${answerAt}): add disclosures to the training data, or review the ones missed (npm run eval)`,
    );
  };
  const firstDisclosureAt = recallAt(1.01);
  // 2. Answers: the lowest cut-off whose answers are right often enough, taken together and at the margin
  // (the answers just above it, within MARGIN_WIDTH), and so is every cut-off above it: a cut-off whose
  // overall precision is met only because of the confident answers above it would still give the unsure
  // ones as answers, right one time in two; and one with no answers just above it (the model is seldom
  // that unsure and still the likeliest) says nothing about the unsure answers further up. Pooled only:
  // writer by writer, 97.5% is one wrong answer in forty, and a content folder of six writers, each
  // required to reach it, would answer nothing.
  // Read over the messages the engine answers as the model reads them alone: not a second message the model
  // reads as a follow-up, which the engine reads with the message before it (src/answer/follow-up.ts), and the
  // exchanges' own figures measure (round 27, the eight groups: 899 of the 1,269 follow-ups are read as such; the
  // follow-ups were 111 of the 187 answers not right at the margin of 0.75, 82 of them read as follow-ups; the
  // cut-off 0.76 -> 0.64 without those).
  const alone = records.filter(answeredAlone);
  const meets = (t: number) => {
    const cutoffs = {
      answerAt: t,
      suggestAt: 1,
      disclosureAt: firstDisclosureAt,
      disclosurePatterns: patterns,
    };
    if (at(cutoffs, alone).precision < TARGETS.ANSWER_PRECISION) return false;
    const margin = alone.filter((r) => {
      const best = r.scores.find((x) => isEntry(x.label));
      return best !== undefined && best.p >= t && best.p < t + MARGIN_WIDTH;
    });
    const decided = decisionsOf(margin, cutoffs, isEntry);
    const given = decided.filter((d) => d.kind === 'faq' && d.faqId !== null);
    const right = decided.filter((d, i) => d.kind === 'faq' && d.faqId === margin[i]?.label);
    return given.length === 0 || right.length / given.length >= TARGETS.MARGINAL_PRECISION;
  };
  let answerAt = 1;
  for (const t of [...GRID].reverse()) {
    if (!meets(t)) break;
    answerAt = t;
  }
  // 1 again: a confident answer takes a message the model also reads as a disclosure (with the support
  // line under it), so recall is read once more with the answers in place.
  const disclosureAt = recallAt(answerAt);
  // 3. "Did you mean": the highest cut-off at which the right entry is still answered or offered as often
  // as the target asks, or within OFFERED_SLACK of the most any cut-off offers: every lower cut-off would
  // only add unlikely entries to the list.
  // The same for each writer: the target, or within OFFERED_SLACK of the most that writer can be offered.
  const lowest = GRID[0] ?? 0.01;
  const atLowest = { answerAt, suggestAt: lowest, disclosureAt, disclosurePatterns: patterns };
  const lowestDecisions = decisionsOf(records, atLowest, isEntry, patterns);
  const most = both(atLowest, lowestDecisions);
  const enoughOf = (f: Figures) => Math.min(TARGETS.OFFERED, f.offered - TARGETS.OFFERED_SLACK);
  const suggestAt =
    [...GRID].reverse().find((t) => {
      if (t > answerAt) return false;
      const f = both({ answerAt, suggestAt: t, disclosureAt, disclosurePatterns: patterns });
      return (
        f.pooled.offered >= enoughOf(most.pooled) &&
        enoughWriters(f.byWriter, (w, writer) => {
          // A writer with no FAQ phrasing (offered NaN) says nothing about it.
          const mostOf = most.byWriter.get(writer);
          return Number.isNaN(w.offered) || mostOf === undefined ? null : w.offered >= enoughOf(mostOf);
        })
      );
    }) ?? lowest;
  const chosen = {
    answerAt,
    suggestAt: Math.min(suggestAt, plausibleFrom(records, lowestDecisions, isEntry)),
    disclosureAt,
    disclosurePatterns: patterns,
  };
  const decided = decisionsOf(records, chosen, isEntry, patterns);
  const clauseDisclosureAt = clauseCutoff(records, decided);
  const told = all.filter((r) => r.label === TOLD);
  const toldAts =
    told.length > 0
      ? toldCutoffs(records, decided, told, decisionsOf(told, chosen, isEntry, patterns))
      : undefined;
  return {
    ...chosen,
    ...(clauseDisclosureAt === undefined ? {} : { clauseDisclosureAt }),
    ...(toldAts === undefined ? {} : toldAts),
  };
}

/**
 * 5. A message that tells something and asks, read whole (the TOLD class). Its reading gives care in two ways: the
 * support line under an answer the model is sure of, or, when it is not sure, the careful reply. Together they may
 * give care to at most TARGETS.TOLD_FALSE_ALARMS of the held-out phrasings that tell nothing, beyond those the whole
 * message already gives it to; within that, the two cut-offs are the pair that reaches the most of the left-out
 * messages that tell and ask. The careful reply from `toldAt` up (and the support line under a sure answer there
 * too); the support line alone, under a sure answer, from `toldSupportAt` (written only when lower). Until round 34
 * one cut-off for both (round 33: 0.34), read from the phrasings that tell nothing alone.
 */
function toldCutoffs(
  records: readonly HeldOut[],
  decisions: readonly Decision[],
  told: readonly HeldOut[],
  toldDecisions: readonly Decision[],
): { toldAt: number; toldSupportAt?: number } {
  const tellNothing = records.filter((r) => r.label !== DISCLOSURE).length;
  const budget = TARGETS.TOLD_FALSE_ALARMS * tellNothing;
  const readings = (over: readonly HeldOut[], decided: readonly Decision[]) =>
    over.flatMap((r, i) => {
      const d = decided[i];
      return r.label === DISCLOSURE || d?.kind === 'sensitive' || d?.supportLine
        ? []
        : [{ p: r.told ?? 0, sure: isSureAnswer(d) }];
    });
  // (Below the lowest cut-off a reading is never cared for: left out, the pairs are read in a blink.)
  const lowest = GRID[0] ?? 0.01;
  const quiet = readings(records, decisions).filter((x) => x.p >= lowest);
  const positives = readings(told, toldDecisions).filter((x) => x.p >= lowest);
  const cared = (over: readonly { p: number; sure: boolean }[], careAt: number, supportAt: number) => {
    let n = 0;
    for (const x of over) if (x.p >= careAt || (x.sure && x.p >= supportAt)) n += 1;
    return n;
  };
  let best: { toldAt: number; supportAt: number; reached: number; alarms: number } | undefined;
  for (const careAt of [...GRID, 1])
    for (const supportAt of GRID) {
      if (supportAt > careAt) break;
      const alarms = cared(quiet, careAt, supportAt);
      if (alarms > budget) continue;
      const reached = cared(positives, careAt, supportAt);
      // The most reached; then the fewest alarms; then the careful reply from as high as can be.
      if (
        best === undefined ||
        reached > best.reached ||
        (reached === best.reached &&
          (alarms < best.alarms || (alarms === best.alarms && careAt > best.toldAt)))
      )
        best = { toldAt: careAt, supportAt, reached, alarms };
    }
  if (best === undefined) return { toldAt: 1 };
  return best.supportAt < best.toldAt
    ? { toldAt: best.toldAt, toldSupportAt: best.supportAt }
    : { toldAt: best.toldAt };
}

/**
 * 4. A disclosure in one clause: the lowest cut-off at which reading each clause alone gives care (the careful
 * reply, or the support line under an answer) to at most TARGETS.CLAUSE_FALSE_ALARMS of the held-out phrasings that
 * tell nothing, beyond those the whole message already gives it to. Undefined when no phrasing has two clauses.
 */
function clauseCutoff(records: readonly HeldOut[], decisions: readonly Decision[]): number | undefined {
  if (!records.some((r) => (r.clauseDisclosure ?? 0) > 0)) return undefined;
  return quietCutoff(records, decisions, (r) => r.clauseDisclosure ?? 0, TARGETS.CLAUSE_FALSE_ALARMS);
}

/**
 * The lowest cut-off on a probability (`of`) at which it gives care to at most `share` of the held-out phrasings
 * that tell nothing, counting only those the whole message does not already give it to (undefined: none does).
 */
function quietCutoff(
  records: readonly HeldOut[],
  decisions: readonly Decision[],
  of: (r: HeldOut) => number,
  share: number,
): number | undefined {
  const tellNothing = records.filter((r) => r.label !== DISCLOSURE).length;
  const quiet = records.flatMap((r, i) =>
    r.label === DISCLOSURE || decisions[i]?.kind === 'sensitive' ? [] : [of(r)],
  );
  return GRID.find((t) => quiet.filter((p) => p >= t).length <= share * tellNothing);
}

/**
 * Whether the engine answers a held-out message as the model reads it alone: every message but a follow-up the
 * model reads as one (FOLLOW_UP its likeliest label), which comes after another message and is read with it. A
 * follow-up the model does not recognise is answered alone when it is confident, and counted so.
 */
export function answeredAlone(r: Pick<HeldOut, 'label' | 'followUp'>): boolean {
  return !(r.label === FOLLOW_UP && r.followUp === true);
}

/**
 * "Did you mean" is also given wherever its buttons are plausible: the lowest cut-off at which, in the band
 * of unsure messages just above it (MARGIN_WIDTH wide), and in every band above that, the buttons give at
 * least as many FAQ questions their entry as they put under out-of-scope questions, whether or not the
 * target above already needs it (1 when no band qualifies). An FAQ question left with a bare "I don't know"
 * is a failure; buttons under a question the FAQ does not answer cost a glance, beside a reply that says so.
 * The target alone tracks 98% on the weakest writers it has seen, and moves with them (0.37 -> 0.31 -> 0.54 in
 * rounds 14-16: as the writers who mix languages were read better, it rose for everyone; leave-one-writer-out
 * with 142 files: 99.13% offered at 0.54 while the bands down to 0.35 still helped at least as many as they bothered).
 */
function plausibleFrom(
  records: readonly HeldOut[],
  /** The decisions with "did you mean" at the lowest cut-off: every unsure message offered its entries. */
  decisions: readonly Decision[],
  isEntry: (label: string) => boolean,
): number {
  const unsure = records.flatMap((r, i) => {
    const d = decisions[i] as Decision;
    if ((d.kind === 'faq' && d.faqId !== null) || d.candidates.length === 0) return [];
    return [
      {
        mass: faqMass(r.scores, isEntry),
        helped: isEntry(r.label) && d.candidates.includes(r.label),
        bothered: r.label === OUT_OF_SCOPE,
      },
    ];
  });
  let from = 1;
  for (const t of [...GRID].reverse()) {
    const band = unsure.filter((u) => u.mass >= t && u.mass < t + MARGIN_WIDTH);
    if (band.filter((u) => u.helped).length < band.filter((u) => u.bothered).length) break;
    from = t;
  }
  return from;
}

/** The training data cannot meet a target at any cut-off: nothing is written. */
export class CalibrationError extends AppError {
  static override readonly code = 'calibration_unreachable';
  static override readonly expected = true;
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean probability of the best entry in the bin. */
  predicted: number;
  /** Share of the bin whose best entry is right. */
  observed: number;
}

/** The best entry's probability against how often it is right, over the FAQ and out-of-scope phrasings. */
export function reliabilityCurve(
  records: readonly HeldOut[],
  isEntry: (label: string) => boolean,
  bins = 10,
): ReliabilityBin[] {
  const points = records
    .filter((r) => isEntry(r.label) || r.label === OUT_OF_SCOPE)
    .map((r) => {
      const best = r.scores.find((s) => isEntry(s.label));
      return { p: best?.p ?? 0, ok: best?.label === r.label };
    });
  return Array.from({ length: bins }, (_, b) => {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = points.filter((x) => x.p >= from && (b === bins - 1 ? x.p <= to : x.p < to));
    return {
      from,
      to,
      count: inBin.length,
      predicted: inBin.length ? inBin.reduce((a, x) => a + x.p, 0) / inBin.length : Number.NaN,
      observed: inBin.length ? inBin.filter((x) => x.ok).length / inBin.length : Number.NaN,
    };
  });
}

export function formatCurve(curve: readonly ReliabilityBin[], cutoffs: Cutoffs): string {
  const pct = (x: number) => (Number.isNaN(x) ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
  const lines = ['  reliability of the best entry (probability bin: count, mean probability, share right)'];
  for (const b of curve)
    lines.push(
      `    ${b.from.toFixed(1)}–${b.to.toFixed(1)}  n=${String(b.count).padStart(4)}  p ${pct(b.predicted)}  right ${pct(b.observed)}`,
    );
  lines.push(
    `  cut-offs: answer at ≥ ${cutoffs.answerAt.toFixed(2)}, "did you mean" at ≥ ${cutoffs.suggestAt.toFixed(2)}, disclosure at ≥ ${cutoffs.disclosureAt.toFixed(2)}${cutoffs.clauseDisclosureAt === undefined ? '' : `, a disclosure in one clause at ≥ ${cutoffs.clauseDisclosureAt.toFixed(2)}`}${cutoffs.toldAt === undefined ? '' : `, told and asked at ≥ ${cutoffs.toldAt.toFixed(2)}`}${cutoffs.toldSupportAt === undefined ? '' : ` (the support line alone under a sure answer at ≥ ${cutoffs.toldSupportAt.toFixed(2)})`}`,
  );
  return lines.join('\n');
}

export function formatFigures(f: Figures): string {
  const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  return `top-1 ${pct(f.top1)}  offered ${pct(f.offered)}  wrong ${pct(f.wrong)}  abstained ${pct(f.abstained)}  disclosures ${pct(f.disclosureRecall)} (false ${pct(f.disclosureFalsePositive)})  personal ${pct(f.personalRouted)}  greeting ${pct(f.greetingRouted)}`;
}
