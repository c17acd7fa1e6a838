// `npm run warm-cache [-- --shard I/N]`: trains the answer model of a content folder, and each of its
// leave-one-writer-out fold models, into the model cache (MODEL_CACHE_DIR), so that the app, `content check`'s
// review, `npm run eval` and the tests load them instead of training them again. Shards split the folds
// between processes (the tests' global setup runs one per core).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { trainingExamples } from '../src/answer/corpus.js';
import { writersOf } from '../src/answer/cross-validate.js';
import { ENGINE_OPTIONS } from '../src/answer/engine.js';
import { loadOrTrain, loadOrTrainContentModel, MODEL_CACHE_DIR } from '../src/answer/model-cache.js';
import { createSynonyms } from '../src/answer/terms.js';
import { withSharedFeatures } from '../src/answer/tfidf.js';
import { loadContent } from '../src/content/load.js';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    shard: { type: 'string', default: '0/1' },
  },
});
const [index, count] = (values.shard ?? '0/1').split('/').map(Number) as [number, number];
if (!(count >= 1 && index >= 0 && index < count)) throw new Error(`--shard I/N: got ${values.shard}`);

const content = loadContent(resolve(values.content ?? 'content'));
const options = ENGINE_OPTIONS.model;
const synonyms = options.features.synonyms ? createSynonyms(content.synonyms) : null;
const examples = trainingExamples(content);
// The whole model first, then the folds: each shard takes every count-th job.
const jobs = [null, ...writersOf(examples)];
const started = performance.now();
let trained = 0;
// The folds train on the same phrasings, one writer fewer each: each phrasing's features are read once.
withSharedFeatures(synonyms, options.features, () =>
  jobs.forEach((writer, i) => {
    if (i % count !== index) return;
    // The whole model under the key the app finds it by (the training files' digest), each fold by its examples.
    const loaded =
      writer === null
        ? loadOrTrainContentModel(content, synonyms, options, MODEL_CACHE_DIR)
        : loadOrTrain(
            examples.filter((e) => e.writer !== writer),
            synonyms,
            content.synonyms,
            options,
            MODEL_CACHE_DIR,
          );
    if (loaded.source === 'trained') trained += 1;
  }),
);
console.log(
  `model cache (${MODEL_CACHE_DIR}): shard ${index + 1}/${count}, ${trained} model(s) trained in ${Math.round(performance.now() - started)} ms`,
);
