// `npm run eval:baselines`: the same figures for two plain baselines on the same questions, so that the
// product's numbers mean something. Neither routes intents: each answers with its top hit, or "unknown"
// when it finds nothing.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { createAnswerEngine } from '../src/answer/engine.js';
import {
  type EvalReport,
  evaluate,
  formatReport,
  loadEvalQuestions,
  type Prediction,
} from '../src/answer/evaluate.js';
import { predictWith } from '../src/answer/predict.js';
import { plainForIndex } from '../src/answer/terms.js';
import { loadContent } from '../src/content/load.js';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    questions: { type: 'string', default: 'test/eval/questions.yml' },
  },
});
const content = loadContent(resolve(values.content));
const questions = loadEvalQuestions(resolve(values.questions));
const entries = content.faq.entries;

const fromRanking = (ranked: string[]): Prediction => {
  const [top] = ranked;
  return top === undefined ? { kind: 'unknown', faq: null, ranked } : { kind: 'faq', faq: top, ranked };
};

// 1. fuse.js with its default options, over the canonical questions only.
const fuse = new Fuse(entries, { keys: ['question'] });
const fuseReport = evaluate(questions, (q) => fromRanking(fuse.search(q).map((r) => r.item.id)));

// 2. BM25 (minisearch's default scoring) over question and answer.
const mini = new MiniSearch<{ id: string; question: string; answer: string }>({
  fields: ['question', 'answer'],
});
mini.addAll(entries.map((e) => ({ id: e.id, question: e.question, answer: plainForIndex(e.answer) })));
const bm25Report = evaluate(questions, (q) => fromRanking(mini.search(q).map((r) => String(r.id))));

const product = evaluate(questions, predictWith(createAnswerEngine({ content })));

const show = (name: string, report: EvalReport) => console.log(formatReport(name, report, { misses: false }));
show('baseline: fuse.js defaults, canonical questions only', fuseReport);
show('baseline: BM25 (minisearch defaults), question + answer', bm25Report);
show('product', product);
