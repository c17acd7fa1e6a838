// A multinomial logistic regression (softmax) over sparse features, trained by stochastic gradient descent
// with L2 shrinkage. Small, dependency-free and deterministic: the same examples give the same model.
import { mulberry32 } from '../random.js';
import type { SparseVector } from './tfidf.js';

export interface Example {
  x: SparseVector;
  /** The class index, 0 … classes − 1. */
  y: number;
  /** How much the example counts (1 unless a class is over-represented). */
  weight?: number;
}

export interface TrainOptions {
  epochs: number;
  /** The first epoch's step; it decays as 1 / (1 + decay × epoch). */
  learningRate: number;
  decay: number;
  /** L2 penalty per example and epoch. */
  l2: number;
  /** Seed of the shuffle. */
  seed: number;
  /**
   * Each step leaves out this share of the example's features at random, the rest scaled up to match
   * (dropout on the inputs): the model cannot lean on the few words one writer happens to use. Absent: none.
   */
  dropout?: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 30,
  learningRate: 0.8,
  decay: 0.15,
  l2: 1e-4,
  seed: 1,
};

export interface SoftmaxModel {
  readonly classes: number;
  /**
   * Feature-major weights (feature × classes + class) and one bias per class: what a cache stores. Float32 when
   * read from the cache, which keeps them so: converting them was a third of a start's model load.
   */
  readonly weights: Float64Array | Float32Array;
  readonly bias: Float64Array;
  /** Class probabilities for a vector, summing to 1. */
  probabilities(x: SparseVector): Float64Array;
}

/** A model from stored weights (see `SoftmaxModel.weights`). */
export function softmaxModel(weights: Float64Array | Float32Array, bias: Float64Array): SoftmaxModel {
  const classes = bias.length;
  return {
    classes,
    weights,
    bias,
    probabilities(x) {
      // Float32 weights (read from the cache) give the same sums: a float32 read as a double is exact.
      const out = new Float64Array(classes);
      forward(weights, bias, x, out);
      return out;
    },
  };
}

function forward(
  weights: Float64Array | Float32Array,
  bias: Float64Array,
  x: SparseVector,
  out: Float64Array,
): void {
  const classes = bias.length;
  out.set(bias);
  for (let k = 0; k < x.index.length; k++) {
    const base = (x.index[k] as number) * classes;
    const v = x.value[k] as number;
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + v * (weights[base + c] as number);
  }
  softmaxInPlace(out);
}

/** A gradient step smaller than this changes no prediction: it is not taken. */
const NEGLIGIBLE_STEP = 1e-4;

export function trainSoftmax(
  examples: readonly Example[],
  features: number,
  classes: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): SoftmaxModel {
  const weights = new Float64Array(features * classes);
  const bias = new Float64Array(classes);
  const scores = new Float64Array(classes);
  const touched = new Int32Array(classes);
  const steps = new Float64Array(classes);
  const order = examples.map((_, i) => i);
  const random = mulberry32(options.seed);
  const dropout = options.dropout ?? 0;
  // The features a step keeps, written into one pair of buffers (a step's allocations were a fifth of training).
  const widest = dropout > 0 ? examples.reduce((most, e) => Math.max(most, e.x.index.length), 0) : 0;
  const kept = dropout > 0 ? { index: new Int32Array(widest), value: new Float64Array(widest) } : null;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rate = options.learningRate / (1 + options.decay * epoch);
    shuffle(order, random);
    for (const i of order) {
      const { x: full, y, weight = 1 } = examples[i] as Example;
      const x = kept === null ? full : dropInto(full, dropout, random, kept);
      forward(weights, bias, x, scores);
      // d(−log p_y)/d score_c = p_c − [c = y]. Classes the example barely moves are skipped: once the
      // model has learned most examples, that is nearly all of them, and training is several times faster.
      let moved = 0;
      for (let c = 0; c < classes; c++) {
        const g = ((scores[c] as number) - (c === y ? 1 : 0)) * weight * rate;
        bias[c] = (bias[c] as number) - g;
        if (Math.abs(g) < NEGLIGIBLE_STEP) continue;
        touched[moved] = c;
        steps[moved] = g;
        moved += 1;
      }
      for (let k = 0; k < x.index.length; k++) {
        const base = (x.index[k] as number) * classes;
        const v = x.value[k] as number;
        for (let m = 0; m < moved; m++) {
          const at = base + (touched[m] as number);
          weights[at] = (weights[at] as number) - v * (steps[m] as number);
        }
      }
    }
    // Shrinking once per epoch is the L2 penalty's gradient summed over the epoch's examples.
    const shrink = Math.max(0, 1 - rate * options.l2 * examples.length);
    for (let j = 0; j < weights.length; j++) weights[j] = (weights[j] as number) * shrink;
  }

  return softmaxModel(weights, bias);
}

export function softmaxInPlace(scores: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c] as number) - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] as number) / sum;
}

/**
 * `x` with each feature left out with probability `share`, the rest scaled by 1 / (1 − share), written into
 * `into` (valid until the next call).
 */
function dropInto(
  x: SparseVector,
  share: number,
  random: () => number,
  into: { index: Int32Array; value: Float64Array },
): SparseVector {
  const keep = 1 - share;
  let n = 0;
  for (let k = 0; k < x.index.length; k++) {
    if (random() < share) continue;
    into.index[n] = x.index[k] as number;
    into.value[n] = (x.value[k] as number) / keep;
    n += 1;
  }
  return { index: into.index.subarray(0, n), value: into.value.subarray(0, n) };
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as number, items[i] as number];
  }
}
