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
import { join } from 'node:path';
import { DEFAULTS } from '../config.js';
import type { Content } from '../content/load.js';
import { EXAMPLES_FORMAT, trainingExamples } from './corpus.js';
import {
  decodeModel,
  encodeModel,
  type IntentModel,
  type IntentModelOptions,
  type Labelled,
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
    if (file && cacheDir) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        // Written aside and renamed, so a replica starting at the same time never reads half a file.
        const partial = `${file}.${process.pid}.tmp`;
        writeFileSync(partial, encodeModel(model));
        renameSync(partial, file);
      } catch {
        // A read-only disk costs a training at the next start, nothing else.
      }
    }
  }
  if (memory.size >= MEMORY_LIMIT) memory.delete(memory.keys().next().value as string);
  memory.set(hash, model);
  return { model, hash, source };
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
