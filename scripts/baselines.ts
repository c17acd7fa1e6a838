// The plain baselines the product is compared with, on the same questions: fuse.js with its defaults,
// BM25 (minisearch's default scoring), and a plain logistic regression on the FAQ questions and alternates.
// None routes intents or abstains: each answers with its top hit, or "unknown" when it finds nothing.
// `npm run eval` prints them beside the product; `npm run eval:baselines` prints them alone.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { DEFAULT_TRAIN_OPTIONS, trainSoftmax } from '../src/answer/classifier.js';
import { evaluate, formatReport, loadEvalQuestions, type Prediction } from '../src/answer/evaluate.js';
import type { SparseVector } from '../src/answer/features.js';
import { normalise, words } from '../src/answer/normalise.js';
import { plainForIndex } from '../src/answer/terms.js';
import { type Content, loadContent } from '../src/content/load.js';

export type Predictor = (q: string) => Prediction;

const fromRanking = (ranked: string[]): Prediction => {
  const [top] = ranked;
  return top === undefined ? { kind: 'unknown', faq: null, ranked } : { kind: 'faq', faq: top, ranked };
};

export function baselines(content: Content): { name: string; predict: Predictor }[] {
  const entries = content.faq.entries;

  // 1. fuse.js with its default options, over the canonical questions only.
  const fuse = new Fuse(entries, { keys: ['question'] });

  // 2. BM25 (minisearch's default scoring) over question and answer.
  const mini = new MiniSearch<{ id: string; question: string; answer: string }>({
    fields: ['question', 'answer'],
  });
  mini.addAll(entries.map((e) => ({ id: e.id, question: e.question, answer: plainForIndex(e.answer) })));

  // 3. Logistic regression with default settings on stemmed words, trained on questions + alternates.
  const vocabulary = new Map<string, number>();
  const vector = (text: string, grow: boolean): SparseVector => {
    const ids = new Set<number>();
    for (const w of words(normalise(text))) {
      const stem = stemmer(w);
      let id = vocabulary.get(stem);
      if (id === undefined && grow) {
        id = vocabulary.size;
        vocabulary.set(stem, id);
      }
      if (id !== undefined) ids.add(id);
    }
    const index = Int32Array.from(ids);
    return { index, value: new Float64Array(index.length).fill(1) };
  };
  const examples = entries.flatMap((e, y) =>
    [e.question, ...e.alternates].map((t) => ({ x: vector(t, true), y })),
  );
  const model = trainSoftmax(examples, vocabulary.size, entries.length, DEFAULT_TRAIN_OPTIONS);
  const logistic: Predictor = (q) => {
    const x = vector(q, false);
    if (x.index.length === 0) return fromRanking([]);
    const p = model.probabilities(x);
    return fromRanking(
      entries
        .map((e, i) => ({ id: e.id, p: p[i] as number }))
        .sort((a, b) => b.p - a.p)
        .map((e) => e.id),
    );
  };

  return [
    {
      name: 'baseline: fuse.js defaults, canonical questions only',
      predict: (q) => fromRanking(fuse.search(q).map((r) => r.item.id)),
    },
    {
      name: 'baseline: BM25 (minisearch defaults), question + answer',
      predict: (q) => fromRanking(mini.search(q).map((r) => String(r.id))),
    },
    { name: 'baseline: plain logistic regression, stemmed words, questions + alternates', predict: logistic },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      content: { type: 'string', default: 'content' },
      questions: { type: 'string', default: 'test/eval/questions.yml' },
    },
  });
  const questions = loadEvalQuestions(resolve(values.questions));
  for (const { name, predict } of baselines(loadContent(resolve(values.content))))
    console.log(formatReport(name, evaluate(questions, predict), { misses: false }));
}
