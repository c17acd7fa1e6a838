// Calibration, pure: from rankings with known right answers to one confidence per answer (a logistic map
// of the ranking's signals) and the reliability curve the answer / "not sure" / "I don't know" cut-offs
// are read from. scripts/calibrate.ts fits it and writes src/answer/calibration.ts.
import { fitLogistic } from './classifier.js';
import type { Scored } from './cross-validate.js';
import { type Calibration, confidence, signals } from './ranker.js';

/**
 * The targets the cut-offs are read against. The answer cut-off is the lowest confidence at which the
 * answers given are right at least ANSWER_PRECISION of the time (a wrong entry given as the answer is
 * the costliest mistake); the suggestion cut-off is the lowest at which the three closest entries still
 * hold the right one at least SUGGEST_TOP3 of the time.
 */
export const TARGETS = { ANSWER_PRECISION: 0.97, SUGGEST_TOP3: 0.5 } as const;

/** Width of the bands the suggestion cut-off is read in. */
const BAND = 0.05;

const right = (s: Scored) => s.expected !== null && s.ranking.hits[0]?.entry.id === s.expected;
const inTop3 = (s: Scored) =>
  s.expected !== null && s.ranking.hits.slice(0, 3).some((h) => h.entry.id === s.expected);

/**
 * Fits the confidence map on `fitOn` (cross-validated phrasings and the development set: the more, the
 * steadier) and reads the cut-offs on `cutOffsOn` (the development set: questions written the way people
 * ask, which held-out alternates of a handful per entry are not); the suggestion band on everything.
 */
export function fitCalibration(fitOn: readonly Scored[], cutOffsOn: readonly Scored[] = fitOn): Calibration {
  const { weights, bias } = fitLogistic(
    fitOn.map((s) => signals(s.ranking)),
    fitOn.map((s) => (right(s) ? 1 : 0)),
  );
  const provisional: Calibration = { weights, bias, answerAt: 1, suggestAt: 1 };
  const conf = cutOffsOn.map((s) => ({ s, c: confidence(s.ranking, provisional) }));
  // Whether the closest three help is a question about rankings of every kind: read on everything.
  const all = fitOn.map((s) => ({ s, c: confidence(s.ranking, provisional) }));
  const grid = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  const answerAt =
    grid.find((t) => {
      const given = conf.filter((x) => x.c >= t);
      return (
        given.length > 0 && given.filter((x) => right(x.s)).length / given.length >= TARGETS.ANSWER_PRECISION
      );
    }) ?? 1;
  // Walking down from the answer cut-off, band by band, while the closest three still hold the right
  // entry often enough to be worth offering.
  let suggestAt = answerAt;
  for (let t = answerAt - BAND; t >= 0; t -= BAND) {
    const band = all.filter((x) => x.c >= t && x.c < t + BAND);
    if (band.length > 0 && band.filter((x) => inTop3(x.s)).length / band.length < TARGETS.SUGGEST_TOP3) break;
    suggestAt = Math.max(0, Math.round(t * 100) / 100);
  }
  return { weights, bias, answerAt, suggestAt };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean confidence in the bin. */
  predicted: number;
  /** Share of the bin whose best entry is right. */
  observed: number;
  /** Share, over all records at confidence ≥ `from`, whose best entry is right. */
  precisionAbove: number;
  /** Share of all records at confidence ≥ `from`. */
  coverageAbove: number;
}

export function reliabilityCurve(
  scored: readonly Scored[],
  calibration: Calibration,
  bins = 10,
): ReliabilityBin[] {
  const conf = scored.map((s) => ({ c: confidence(s.ranking, calibration), ok: right(s) }));
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = conf.filter((x) => x.c >= from && (b === bins - 1 ? x.c <= to : x.c < to));
    const above = conf.filter((x) => x.c >= from);
    out.push({
      from,
      to,
      count: inBin.length,
      predicted: inBin.length ? inBin.reduce((a, x) => a + x.c, 0) / inBin.length : Number.NaN,
      observed: inBin.length ? inBin.filter((x) => x.ok).length / inBin.length : Number.NaN,
      precisionAbove: above.length ? above.filter((x) => x.ok).length / above.length : Number.NaN,
      coverageAbove: conf.length ? above.length / conf.length : Number.NaN,
    });
  }
  return out;
}

export function formatCurve(curve: readonly ReliabilityBin[], calibration: Calibration): string {
  const pct = (x: number) => (Number.isNaN(x) ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
  const lines = [
    `  reliability (confidence bin: count, mean confidence, share right; at ≥ bin start: share right, share of all)`,
  ];
  for (const b of curve)
    lines.push(
      `    ${b.from.toFixed(1)}–${b.to.toFixed(1)}  n=${String(b.count).padStart(4)}  conf ${pct(b.predicted)}  right ${pct(b.observed)}  | ≥: right ${pct(b.precisionAbove)}  of all ${pct(b.coverageAbove)}`,
    );
  lines.push(
    `  cut-offs: answer at ≥ ${calibration.answerAt.toFixed(2)}, "not sure, closest three" at ≥ ${calibration.suggestAt.toFixed(2)}, below: "I don't know"`,
  );
  return lines.join('\n');
}
