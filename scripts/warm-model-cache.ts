// `npm run warm-cache [-- --shard I/N] [--folds writers|groups]`: trains the answer model of a content folder,
// and the fold models of its cross-validation with their left-out writers' phrasings as each reads them, into the
// model cache (MODEL_CACHE_DIR), so that the app, `npm run eval`, `npm run calibrate` (leave-one-writer-out:
// `--folds writers`, the default), `content check`'s review and the tests (eight folds of writers: `--folds groups`)
// load them instead of training and reading them again.
// Shards split the models between processes (the tests' global setup runs one per core).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { trainingExamples } from '../src/answer/corpus.js';
import { eachWriter, foldTrainingSets, heldOutBy, writerGroups } from '../src/answer/cross-validate.js';
import { ENGINE_OPTIONS } from '../src/answer/engine.js';
import { loadOrTrain, loadOrTrainContentModel, MODEL_CACHE_DIR } from '../src/answer/model-cache.js';
import { createSynonyms } from '../src/answer/terms.js';
import { withSharedFeatures } from '../src/answer/tfidf.js';
import { loadContent } from '../src/content/load.js';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    shard: { type: 'string', default: '0/1' },
    folds: { type: 'string', default: 'writers' },
  },
});
const [index, count] = (values.shard ?? '0/1').split('/').map(Number) as [number, number];
if (!(count >= 1 && index >= 0 && index < count)) throw new Error(`--shard I/N: got ${values.shard}`);
if (values.folds !== 'writers' && values.folds !== 'groups')
  throw new Error(`--folds writers|groups: got ${values.folds}`);

const content = loadContent(resolve(values.content ?? 'content'));
const options = ENGINE_OPTIONS.model;
const synonyms = options.features.synonyms ? createSynonyms(content.synonyms) : null;
const examples = trainingExamples(content);
// The whole model first, then the folds: each shard takes every count-th job.
const folds = foldTrainingSets(examples, values.folds === 'groups' ? writerGroups : eachWriter);
const jobs = [null, ...folds];
const started = performance.now();
let trained = 0;
// The folds train on the same phrasings, a few writers fewer each: each phrasing's features are read once.
withSharedFeatures(synonyms, options.features, () =>
  jobs.forEach((fold, i) => {
    if (i % count !== index) return;
    // The whole model under the key the app finds it by (the training files' digest), each fold by its examples.
    const loaded =
      fold === null
        ? loadOrTrainContentModel(content, synonyms, options, MODEL_CACHE_DIR)
        : loadOrTrain(fold.examples, synonyms, content.synonyms, options, MODEL_CACHE_DIR);
    if (loaded.source === 'trained') trained += 1;
    // And the fold's writers' phrasings as it reads them, which the cross-validation asks it for.
    if (fold !== null) heldOutBy(loaded, fold.left, examples, MODEL_CACHE_DIR);
  }),
);
console.log(
  `model cache (${MODEL_CACHE_DIR}): shard ${index + 1}/${count}, ${trained} model(s) trained in ${Math.round(performance.now() - started)} ms`,
);
