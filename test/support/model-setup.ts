// Vitest's global setup: the shipped content's answer model and the models of its quick cross-validation (eight
// folds of writers), trained once into the model cache before the test files start (one process per core), so
// that the files that build an engine, read the floors or run `content check`'s review load them instead of each
// training them again. (Leave-one-writer-out, one model per writer, is for `npm run calibrate` and `npm run eval`.)
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

export async function setup(): Promise<void> {
  const shards = Math.max(1, Math.min(availableParallelism(), 4));
  await Promise.all(
    Array.from({ length: shards }, (_, i) =>
      run(
        process.execPath,
        ['--import', 'tsx', 'scripts/warm-model-cache.ts', '--folds', 'groups', '--shard', `${i}/${shards}`],
        {
          cwd: ROOT,
        },
      ),
    ),
  );
}
