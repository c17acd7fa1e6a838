// `cli model build`: the content's answer model trained into the model cache (MODEL_CACHE_DIR), where `npm start`,
// the console and `cli ask` look for it first. Run once where the app will run (the image's build does:
// Dockerfile), a start reads it in about 0.2 s and under 200 MB instead of training it, about 40 s and
// 1.5 GB on two cores.
import { createAnswerEngine, isModelBuilt, modelCacheFile, removeUnreadableModels } from '../answer/index.js';
import { loadContent } from '../content/load.js';
import { type CliIo, CliUsageError, cliConfig, contentDir, parseCliArgs } from './io.js';

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { content: { type: 'string' } });
  if (positionals[0] !== 'build' || positionals.length > 1)
    throw new CliUsageError('Expected "model build" (option: --content DIR).');
  const dir = contentDir(values.content, io);
  const cacheDir = cliConfig(io).modelCacheDir;
  const content = loadContent(dir);
  const engine = createAnswerEngine({ content, cacheDir });
  const file = modelCacheFile(cacheDir, engine.modelHash);
  const seconds = `${(engine.buildMs / 1000).toFixed(1)} s`;
  if (!isModelBuilt(content, cacheDir)) {
    io.err(
      `The answer model of ${dir} was trained (${seconds}) but could not be written to ${file}: check that the folder is writable. Until it is, each start trains the model again.`,
    );
    return 1;
  }
  io.out(
    engine.modelSource === 'trained'
      ? `Trained the answer model of ${dir} in ${seconds}: ${file}. A start with this content reads it instead of training.`
      : `The answer model of ${dir} is already built (read in ${seconds}): ${file}. Nothing to train.`,
  );
  const removed = removeUnreadableModels(cacheDir);
  if (removed.files > 0)
    io.out(
      `Removed ${removed.files} model file(s) this version cannot read (an earlier layout, or a write stopped half way), ${(removed.bytes / 1024 / 1024).toFixed(1)} MB, from ${cacheDir}.`,
    );
  return 0;
}
