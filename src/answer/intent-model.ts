// The one model that decides what a message asks: a multinomial logistic regression over TF-IDF features,
// with a class per FAQ entry and one each for out-of-scope, personal status, greetings, disclosures, follow-ups
// (a message that needs the one before it) and told-and-asked (a message that tells something and asks): the last two
// never an answer, so the others are read as if the message were neither. Trained on
// content/training/*.yml. Its probabilities are what the cut-offs in the content's calibration.yml are read against.
import { createHash } from 'node:crypto';
import { FOLLOW_UP, TOLD } from '../content/training.js';
import { type SoftmaxModel, softmaxModel, type TrainOptions, trainSoftmax } from './classifier.js';
import type { Synonyms } from './terms.js';
import {
  FEATURE_OPTIONS,
  type FeatureOptions,
  featureSlots,
  fitTransform,
  type SparseVector,
  type Vectorizer,
  type VectorizerState,
  vectorizerFrom,
  vectorizerFromSlots,
} from './tfidf.js';

export interface Labelled {
  text: string;
  label: string;
}

export interface LabelScore {
  label: string;
  p: number;
}

export interface IntentModelOptions {
  features: FeatureOptions;
  train: TrainOptions;
}

/**
 * Chosen by leave-one-writer-out cross-validation (`npm run eval -- --ablation` prints the figures the
 * options were compared on): never by the holdout. The L2 penalty was re-read in round 9 (69 files, each
 * with its own calibrated cut-offs): 3e-5 top-1 93.2%, 1e-5 95.3%, 3e-6 95.8%, **1e-6 96.1%** (wrong 0.6 ->
 * 0.5%, personal 94.3 -> 94.9%; 42 writers left out better, 1 worse), 2e-7 96.1% again: the most regularised
 * of the best. 15 epochs instead of 10 (at 3e-6) read 96.0% for half as much training time again.
 * Round 10 (75 files), screened on eight groups of writers (each option with its own calibrated cut-offs;
 * log loss of the held-out phrasings' own label): 10 epochs 95.5%, 0.0947; the weights averaged over the
 * second half 95.6%, 0.0959; letter n-grams across words 96.5%, 0.0919; dropout 0.2 96.0%, 0.0883; 0.5 96.1%,
 * 0.0856; 0.7 96.3%, 0.0860; **dropout 0.5 with letter n-grams across words** 96.6%, 0.0805 at 10 epochs (a
 * quarter slower to train), 96.5%, 0.0826 at 8 (as fast as before; 52 writers better, 8 worse), 96.7%,
 * 0.0846 at 6. Then confirmed leave-one-writer-out (docs/answers-history.md, "Round 10").
 * Round 28 (173 files, eight groups, each option with its own calibrated cut-offs; top-1 / log loss / top-1 with
 * the answers cut where 0.3% are wrong): 8 epochs at 1e-6 (shipped until then) 96.5% / 0.0713 / 96.43%; **10
 * epochs at 3e-7** 97.0% / 0.0648 / 96.78%; 12 epochs at 3e-7 97.2% / 0.0639 / 96.85%, for half as much training time
 * again (a fifth more than 10), which a clean clone's test run pays in the models it trains. With twice the
 * writers of round 9 the model needs less shrinking (round 27's screen, 170 files: 3e-7 alone 0.0663 against 0.0713).
 */
export const INTENT_MODEL_OPTIONS: IntentModelOptions = {
  features: FEATURE_OPTIONS,
  train: { epochs: 10, learningRate: 0.8, decay: 0.2, l2: 3e-7, seed: 1, dropout: 0.5 },
};

export interface IntentModel {
  readonly labels: readonly string[];
  /**
   * Every label with its probability, best first: what the message says. Not FOLLOW_UP (that it needs the
   * message before it, which `read` tells) nor TOLD (that it tells something beside its question, which `read`
   * tells too): the rest are read as if the message were understood alone and told nothing.
   */
  predict(text: string): LabelScore[];
  /** `predict`'s scores, and whether FOLLOW_UP is the likeliest label of all: the message needs the one before. */
  read(text: string): Reading;
  toJSON(): IntentModelState;
}

export interface Reading {
  scores: LabelScore[];
  followUp: boolean;
  /** The probability that the message tells something and asks about the training (TOLD; 0 without the class). */
  told: number;
}

export interface IntentModelState {
  labels: string[];
  vectorizer: VectorizerState;
  /** Float32 weights, base64 (feature-major, as `SoftmaxModel.weights`). */
  weights: string;
  bias: number[];
}

export function trainIntentModel(
  examples: readonly Labelled[],
  synonyms: Synonyms | null,
  options: IntentModelOptions = INTENT_MODEL_OPTIONS,
): IntentModel {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const { vectorizer, vectors } = fitTransform(
    examples.map((e) => e.text),
    synonyms,
    options.features,
  );
  const data = examples.map((e, i) => ({ x: vectors[i] as SparseVector, y: index.get(e.label) as number }));
  const model = trainSoftmax(data, vectorizer.size, labels.length, options.train);
  return intentModel(labels, vectorizer, model);
}

/**
 * The model as the cache keeps it: one buffer, read without parsing a number as text or building a map.
 * - 4 bytes, MODEL_FILE_MAGIC (the layout's version: a file of another layout is not read, it is trained again);
 * - a little-endian uint32, the length of a JSON header: labels, bias, the vectorizer's options, and how many
 *   features, table slots and bytes of names follow;
 * - the features' names, UTF-8, one per line, in the vocabulary's order;
 * - the inverse document frequencies (float64, one per feature), the table of the names' places
 *   (int32, tfidf.ts's featureSlots) and the weights (float32, as toJSON's), each at a multiple of 8 bytes.
 * Read in place: the model's arrays are views of the buffer. Round 13 (194,584 features, 27 labels): 22 MB read
 * in a third of the time of the 34 MB JSON. Round 20 (223,127 features, 28 MB): the names as lines and the table,
 * instead of a JSON list and a Map built at each start (`npm run bench`, a start in a process of its own: 447 ms
 * and 206 MB before, 189 ms and 173 MB after; the JSON list and the Map were 150-260 ms of it).
 */
export const MODEL_FILE_MAGIC = 'HTI2';

interface ModelFileHeader {
  labels: string[];
  bias: number[];
  options: FeatureOptions;
  features: number;
  slots: number;
  namesBytes: number;
}

export function encodeModel(model: IntentModel): Buffer {
  const state = model.toJSON();
  const weights = Buffer.from(state.weights, 'base64');
  const { names, idf, options } = state.vectorizer;
  const badName = names.find((name) => name.includes('\n'));
  if (badName !== undefined) throw new Error(`a feature name with a line break: ${JSON.stringify(badName)}`);
  const namesText = Buffer.from(names.join('\n'), 'utf8');
  const slots = featureSlots(names);
  const header: ModelFileHeader = {
    labels: state.labels,
    bias: state.bias,
    options,
    features: names.length,
    slots: slots.length,
    namesBytes: namesText.length,
  };
  const headerText = Buffer.from(JSON.stringify(header), 'utf8');
  const namesAt = align8(8 + headerText.length);
  const idfAt = align8(namesAt + namesText.length);
  const slotsAt = idfAt + names.length * 8;
  const weightsAt = align8(slotsAt + slots.length * 4);
  const out = Buffer.alloc(weightsAt + weights.length);
  out.write(MODEL_FILE_MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerText.length, 4);
  headerText.copy(out, 8);
  namesText.copy(out, namesAt);
  Buffer.from(Float64Array.from(idf).buffer).copy(out, idfAt);
  Buffer.from(slots.buffer).copy(out, slotsAt);
  weights.copy(out, weightsAt);
  return out;
}

/** A model from encodeModel's buffer; throws on one that is not whole or not of this layout. */
export function decodeModel(buffer: Buffer, synonyms: Synonyms | null): IntentModel {
  if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== MODEL_FILE_MAGIC)
    throw new Error(`not a model file of layout ${MODEL_FILE_MAGIC}`);
  const headerLength = buffer.readUInt32LE(4);
  const header = JSON.parse(buffer.toString('utf8', 8, 8 + headerLength)) as ModelFileHeader;
  const { features, labels } = header;
  const namesAt = align8(8 + headerLength);
  const idfAt = align8(namesAt + header.namesBytes);
  const slotsAt = idfAt + features * 8;
  const weightsAt = align8(slotsAt + header.slots * 4);
  const size = weightsAt + features * labels.length * 4;
  if (buffer.length !== size) throw new Error(`a cached model of ${buffer.length} bytes, expected ${size}`);
  const names =
    features === 0 ? [] : buffer.toString('utf8', namesAt, namesAt + header.namesBytes).split('\n');
  if (names.length !== features)
    throw new Error(`a cached model of ${names.length} names, expected ${features}`);
  // Views of the buffer (a file's own buffer starts at 0); of a copy when it does not start at a multiple of 8.
  const bytes = buffer.byteOffset % 8 === 0 ? buffer : new Uint8Array(buffer);
  const at = (offset: number) => bytes.byteOffset + offset;
  const idf = new Float64Array(bytes.buffer, at(idfAt), features);
  const slots = new Int32Array(bytes.buffer, at(slotsAt), header.slots);
  const weights = new Float32Array(bytes.buffer, at(weightsAt), features * labels.length);
  const vectorizer = vectorizerFromSlots({ names, idf, slots, options: header.options }, synonyms);
  return intentModel(labels, vectorizer, softmaxModel(weights, Float64Array.from(header.bias)));
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

export function intentModelFrom(state: IntentModelState, synonyms: Synonyms | null): IntentModel {
  const raw = Buffer.from(state.weights, 'base64');
  const floats = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const model = softmaxModel(floats.slice(), Float64Array.from(state.bias));
  return intentModel(state.labels, vectorizerFrom(state.vectorizer, synonyms), model);
}

function intentModel(labels: string[], vectorizer: Vectorizer, model: SoftmaxModel): IntentModel {
  // Labels that are never an answer: the rest are read as the model weighs them given that the message is
  // neither (a follow-up is read with the message before it; a message that tells and asks gets care beside).
  const hasAside = labels.includes(FOLLOW_UP) || labels.includes(TOLD);
  const read = (text: string): Reading => {
    const p = model.probabilities(vectorizer.vector(text));
    const all = labels.map((label, i) => ({ label, p: p[i] as number })).sort((a, b) => b.p - a.p);
    if (!hasAside) return { scores: all, followUp: false, told: 0 };
    const pFollowUp = all.find((s) => s.label === FOLLOW_UP)?.p ?? 0;
    const told = all.find((s) => s.label === TOLD)?.p ?? 0;
    const rest = 1 - pFollowUp - told;
    const scores = all
      .filter((s) => s.label !== FOLLOW_UP && s.label !== TOLD)
      .map((s) => ({ label: s.label, p: rest > 0 ? s.p / rest : 0 }));
    return { scores, followUp: all[0]?.label === FOLLOW_UP, told };
  };
  return {
    labels,
    predict: (text) => read(text).scores,
    read,
    toJSON() {
      const floats = Float32Array.from(model.weights);
      return {
        labels,
        vectorizer: vectorizer.toJSON(),
        weights: Buffer.from(floats.buffer).toString('base64'),
        bias: [...model.bias],
      };
    },
  };
}

/** What a cached model was trained from: the phrasings, the synonyms and the options. */
export function trainingHash(
  examples: readonly Labelled[],
  synonyms: unknown,
  options: IntentModelOptions,
): string {
  return createHash('sha256')
    .update(JSON.stringify([examples.map((e) => [e.text, e.label]), synonyms, options]))
    .digest('hex')
    .slice(0, 16);
}
