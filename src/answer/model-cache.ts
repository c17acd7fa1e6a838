// The trained intent model, kept by the hash of what it was trained from: in memory for the process, and
// in a folder when one is given, so a start with unchanged content loads it instead of training again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type IntentModel,
  type IntentModelOptions,
  type IntentModelState,
  intentModelFrom,
  type Labelled,
  trainIntentModel,
  trainingHash,
} from './intent-model.js';
import type { Synonyms } from './terms.js';

/**
 * Where the app, the console and the CLI keep the trained model between starts: a start with unchanged
 * content reads it (about 0.1 s) instead of training (about 2 s). Any writable folder will do; losing it
 * costs one training. The evaluation, which trains many models, keeps them in memory only.
 */
export const MODEL_CACHE_DIR = join(tmpdir(), 'harassment-training-bot', 'model-cache');

const memory = new Map<string, IntentModel>();
/** Models kept in memory at most (the tests and the ablation train many). */
const MEMORY_LIMIT = 16;

export interface LoadedModel {
  model: IntentModel;
  hash: string;
  /** How it was had: trained now, read from the folder, or already in memory. */
  source: 'trained' | 'cache-file' | 'memory';
}

export function loadOrTrain(
  examples: readonly Labelled[],
  synonyms: Synonyms | null,
  synonymsSource: unknown,
  options: IntentModelOptions,
  cacheDir?: string,
): LoadedModel {
  const hash = trainingHash(examples, synonymsSource, options);
  const known = memory.get(hash);
  if (known) return { model: known, hash, source: 'memory' };
  const file = cacheDir === undefined ? undefined : join(cacheDir, `intent-model-${hash}.json`);
  let model: IntentModel | undefined;
  let source: LoadedModel['source'] = 'trained';
  if (file) {
    try {
      model = intentModelFrom(JSON.parse(readFileSync(file, 'utf8')) as IntentModelState, synonyms);
      source = 'cache-file';
    } catch {
      // No cache yet, or one that cannot be read: train (and write it below).
    }
  }
  if (!model) {
    model = trainIntentModel(examples, synonyms, options);
    if (file && cacheDir) {
      try {
        mkdirSync(cacheDir, { recursive: true });
        // Written aside and renamed, so a replica starting at the same time never reads half a file.
        const partial = `${file}.${process.pid}.tmp`;
        writeFileSync(partial, JSON.stringify(model.toJSON()));
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

/** Drops the models kept in memory (the bench measures a start as a new process would make it). */
export function forgetModels(): void {
  memory.clear();
}
