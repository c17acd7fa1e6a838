// The trained intent model, kept by the hash of what it was trained from: in memory for the process, and
// in a folder when one is given, so a start with unchanged content loads it instead of training again.
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULTS } from '../config.js';
import type { Content } from '../content/load.js';
import { EXAMPLES_FORMAT, trainingExamples } from './corpus.js';
import {
  decodeModel,
  encodeModel,
  type IntentModel,
  type IntentModelOptions,
  type Labelled,
  type LabelScore,
  MODEL_FILE_MAGIC,
  trainIntentModel,
  trainingHash,
} from './intent-model.js';
import type { Synonyms } from './terms.js';

/**
 * Where the app, the console and the CLI keep the trained model between starts unless MODEL_CACHE_DIR says
 * otherwise (src/config.ts): a start with unchanged content reads it (encodeModel's file: about 0.2 s at
 * 142 files) instead of training it (about 40 s). Any writable folder will do; losing it costs one training
 * (`cli model build` fills it before a start). The evaluation and the tests keep their models here too.
 */
export const MODEL_CACHE_DIR = DEFAULTS.modelCacheDir;

const memory = new Map<string, IntentModel>();
/** Models kept in memory at most (the tests and the ablation train many). */
const MEMORY_LIMIT = 16;

export interface LoadedModel {
  model: IntentModel;
  hash: string;
  /** How it was had: trained now, read from the folder, or already in memory. */
  source: 'trained' | 'cache-file' | 'memory';
}

/** A model trained from these examples: kept by their hash (trainingHash). */
export function loadOrTrain(
  examples: readonly Labelled[],
  synonyms: Synonyms | null,
  synonymsSource: unknown,
  options: IntentModelOptions,
  cacheDir?: string,
): LoadedModel {
  const hash = trainingHash(examples, synonymsSource, options);
  return loadOrTrainAs(hash, () => examples, synonyms, options, cacheDir);
}

/**
 * The content's own model (every phrasing and the entries' questions, as trainingExamples gives them), kept by
 * what it is trained from without parsing a phrasing: the training files' digest, the entries' ids and
 * questions, the synonyms and the options. The phrasings are read only when no model is kept under that key.
 * Any change to a training file (a comment too) trains again; the calibration's fingerprint, which `content
 * check` compares, stays the hash of the parsed examples.
 */
export function loadOrTrainContentModel(
  content: Pick<Content, 'faq' | 'training' | 'synonyms'>,
  synonyms: Synonyms | null,
  options: IntentModelOptions,
  cacheDir?: string,
): LoadedModel {
  return loadOrTrainAs(
    contentModelKey(content, options),
    () => trainingExamples(content),
    synonyms,
    options,
    cacheDir,
  );
}

/** The key of the content's own model (loadOrTrainContentModel). */
export function contentModelKey(
  content: Pick<Content, 'faq' | 'training' | 'synonyms'>,
  options: IntentModelOptions,
): string {
  const questions = content.faq.entries.map((e) => [e.id, e.question]);
  return createHash('sha256')
    .update(
      JSON.stringify([
        'content',
        EXAMPLES_FORMAT,
        content.training.digest,
        questions,
        content.synonyms,
        options,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
}

function loadOrTrainAs(
  hash: string,
  examples: () => readonly Labelled[],
  synonyms: Synonyms | null,
  options: IntentModelOptions,
  cacheDir: string | undefined,
): LoadedModel {
  const known = memory.get(hash);
  if (known) return { model: known, hash, source: 'memory' };
  const file = cacheDir === undefined ? undefined : modelCacheFile(cacheDir, hash);
  let model: IntentModel | undefined;
  let source: LoadedModel['source'] = 'trained';
  if (file) {
    try {
      model = decodeModel(readFileSync(file), synonyms);
      source = 'cache-file';
    } catch {
      // No cache yet, or one that cannot be read: train (and write it below).
    }
  }
  if (!model) {
    model = trainIntentModel(examples(), synonyms, options);
    // A read-only disk costs a training at the next start, nothing else.
    if (file && cacheDir) keepFile(cacheDir, file, encodeModel(model));
  }
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value as string);
  memory.set(hash, model);
  return { model, hash, source };
}

/**
 * Writes a cache file aside and renames it into place, so that a replica starting at the same time never reads half a
 * file; a file that cannot be kept (a read-only disk, a full one) is left unwritten, which the callers can afford.
 */
function keepFile(cacheDir: string, file: string, bytes: Buffer): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  } catch {
    // Not kept: see above.
  }
}

/** The end of a model file's name: the layout in it, so a start never takes another layout's file (isModelBuilt). */
const MODEL_FILE_END = `.${MODEL_FILE_MAGIC.toLowerCase()}.bin`;

/** The file a model is kept in, in a cache folder, by its hash (LoadedModel.hash). */
export function modelCacheFile(cacheDir: string, hash: string): string {
  return join(cacheDir, `intent-model-${hash}${MODEL_FILE_END}`);
}

/**
 * Removes from a cache folder the model files of other layouts (MODEL_FILE_MAGIC), which no start of this
 * version reads, and the partial files of writes stopped an hour ago or more; a file that cannot be removed is
 * left. The models of this layout stay, whatever content they were trained from: a content edit undone reads its
 * model again. `cli model build` calls it, so that a kept folder does not grow by a file at each new layout.
 */
export function removeUnreadableModels(cacheDir: string, now = Date.now()): { files: number; bytes: number } {
  const removed = { files: 0, bytes: 0 };
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith('intent-model-')) continue;
    const path = join(cacheDir, name);
    try {
      const { size, mtimeMs } = statSync(path);
      const otherLayout = name.endsWith('.bin') && !name.endsWith(MODEL_FILE_END);
      const stalePartial = name.endsWith('.tmp') && now - mtimeMs >= 60 * 60 * 1000;
      if (!otherLayout && !stalePartial) continue;
      unlinkSync(path);
      removed.files += 1;
      removed.bytes += size;
    } catch {
      // Gone already (another replica's build), or not ours to remove: left.
    }
  }
  return removed;
}

/** Drops the models kept in memory (the bench measures a start as a new process would make it). */
export function forgetModels(): void {
  memory.clear();
}

/**
 * A digest of the answer engine's own code (this folder's files): what a model reads a phrasing as depends on it
 * as much as on the model, so kept readings (readHeldOut) are keyed by it and a change to the code reads again.
 */
let codeDigest: string | undefined;
function answerCodeDigest(): string {
  if (codeDigest === undefined) {
    const dir = dirname(fileURLToPath(import.meta.url));
    const hash = createHash('sha256');
    for (const name of readdirSync(dir)
      .filter((n) => /\.[cm]?[jt]s$/.test(n))
      .sort())
      hash
        .update(name)
        .update('\u0000')
        .update(readFileSync(join(dir, name)));
    codeDigest = hash.digest('hex').slice(0, 16);
  }
  return codeDigest;
}

/**
 * The layout of a file of kept readings (readHeldOut); a new layout reads again. 2: round 27, the follow-up flag;
 * 3: round 29, the clauses' disclosure probability; 4: round 31, the told-and-asked probability.
 */
const HELD_OUT_FORMAT = 4;

/**
 * What a model read each of some phrasings as: its scores, whether the disclosure patterns match, and whether
 * the model reads it as a follow-up (IntentModel.read).
 */
export interface HeldOutReading {
  scores: LabelScore[];
  patternSays: boolean;
  followUp: boolean;
  /**
   * Of a message of several clauses (messages.ts `clauses`), the highest disclosure probability of one clause read
   * alone; 0 for a message of one clause.
   */
  clauseDisclosure: number;
  /** The probability that the whole message tells something and asks (IntentModel.read's `told`). */
  told: number;
}

/**
 * The readings of `texts` by the model kept under `modelHash`, from the cache folder when the same model and the
 * same code read the same texts before, else from `read` (and kept, as a model is: written aside and renamed).
 * The cross-validation reads every phrasing of the training data through its fold's model (77,000 of them, half
 * a minute), and `content check`'s review, the tests' floors, `npm run eval` and `npm run calibrate` each did it
 * again over the same folds.
 */
export function readHeldOut(
  modelHash: string,
  texts: readonly string[],
  read: () => HeldOutReading[],
  cacheDir: string | undefined,
): HeldOutReading[] {
  if (cacheDir === undefined) return read();
  const key = createHash('sha256')
    .update(JSON.stringify([HELD_OUT_FORMAT, modelHash, answerCodeDigest(), texts]))
    .digest('hex')
    .slice(0, 16);
  const file = join(cacheDir, `held-out-${key}.bin`);
  try {
    return decodeReadings(readFileSync(file), texts.length);
  } catch {
    // Not read yet by this model and this code, or a file that cannot be read: read them (and keep them below).
  }
  const readings = read();
  // A read-only disk costs reading them again next time, nothing else.
  keepFile(cacheDir, file, encodeReadings(readings));
  return readings;
}

/**
 * [header length: u32][header JSON: labels, count, width][label numbers: u8 × count × width, padded to 8]
 * [probabilities: f64 × count × width][clauses' disclosure probability: f64 × count][told-and-asked
 * probability: f64 × count][flags: u8 × count, 1 the pattern says, 2 a follow-up], each reading's scores in the model's order.
 */
function encodeReadings(readings: readonly HeldOutReading[]): Buffer {
  const labels: string[] = [];
  const number = new Map<string, number>();
  const width = readings[0]?.scores.length ?? 0;
  for (const r of readings) {
    if (r.scores.length !== width) throw new Error('readings of unequal width');
    for (const s of r.scores)
      if (!number.has(s.label)) {
        number.set(s.label, labels.length);
        labels.push(s.label);
      }
  }
  if (labels.length > 255) throw new Error('too many labels to keep');
  const header = Buffer.from(JSON.stringify({ labels, count: readings.length, width }));
  const { headerEnd, cells, probabilitiesAt, clausesAt, toldAt, flagsAt, end } = readingsLayout(
    header.length,
    readings.length,
    width,
  );
  const out = Buffer.alloc(end);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  const p = new Float64Array(out.buffer, out.byteOffset + probabilitiesAt, cells);
  const c = new Float64Array(out.buffer, out.byteOffset + clausesAt, readings.length);
  const t = new Float64Array(out.buffer, out.byteOffset + toldAt, readings.length);
  readings.forEach((r, i) => {
    c[i] = r.clauseDisclosure;
    t[i] = r.told;
    r.scores.forEach((s, j) => {
      out[headerEnd + i * width + j] = number.get(s.label) as number;
      p[i * width + j] = s.p;
    });
    out[flagsAt + i] = (r.patternSays ? PATTERN_SAYS : 0) | (r.followUp ? FOLLOW_UP_READ : 0);
  });
  return out;
}

const PATTERN_SAYS = 1;
const FOLLOW_UP_READ = 2;

/** Where each part of a file of readings starts (encodeReadings), and where the file ends. */
function readingsLayout(headerLength: number, count: number, width: number) {
  const headerEnd = 4 + headerLength;
  const cells = count * width;
  const probabilitiesAt = Math.ceil((headerEnd + cells) / 8) * 8;
  const clausesAt = probabilitiesAt + cells * 8;
  const toldAt = clausesAt + count * 8;
  const flagsAt = toldAt + count * 8;
  return { headerEnd, cells, probabilitiesAt, clausesAt, toldAt, flagsAt, end: flagsAt + count };
}

function decodeReadings(buffer: Buffer, expected: number): HeldOutReading[] {
  const length = buffer.readUInt32LE(0);
  const header = JSON.parse(buffer.subarray(4, 4 + length).toString('utf8')) as {
    labels: string[];
    count: number;
    width: number;
  };
  if (header.count !== expected) throw new Error('another number of readings');
  const { labels, count, width } = header;
  const { headerEnd, probabilitiesAt, clausesAt, toldAt, flagsAt, end } = readingsLayout(
    length,
    count,
    width,
  );
  if (buffer.length !== end) throw new Error('a file of another length');
  // Copied out: a file's buffer need not sit on an 8-byte boundary.
  const p = new Float64Array(
    buffer.buffer.slice(buffer.byteOffset + probabilitiesAt, buffer.byteOffset + clausesAt),
  );
  const c = new Float64Array(buffer.buffer.slice(buffer.byteOffset + clausesAt, buffer.byteOffset + toldAt));
  const t = new Float64Array(buffer.buffer.slice(buffer.byteOffset + toldAt, buffer.byteOffset + flagsAt));
  const readings: HeldOutReading[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const scores: LabelScore[] = new Array(width);
    for (let j = 0; j < width; j++)
      scores[j] = {
        label: labels[buffer[headerEnd + i * width + j] as number] as string,
        p: p[i * width + j] as number,
      };
    const flags = buffer[flagsAt + i] as number;
    readings[i] = {
      scores,
      patternSays: (flags & PATTERN_SAYS) !== 0,
      followUp: (flags & FOLLOW_UP_READ) !== 0,
      clauseDisclosure: c[i] as number,
      told: t[i] as number,
    };
  }
  return readings;
}
