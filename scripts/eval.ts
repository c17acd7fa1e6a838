// `npm run eval`: the product's figures on test/eval/questions.yml, with every miss.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnswerEngine } from '../src/answer/engine.js';
import { evaluate, formatReport, loadEvalQuestions } from '../src/answer/evaluate.js';
import { predictWith } from '../src/answer/predict.js';
import { loadContent } from '../src/content/load.js';

const { values } = parseArgs({
  options: {
    content: { type: 'string', default: 'content' },
    questions: { type: 'string', default: 'test/eval/questions.yml' },
  },
});
const engine = createAnswerEngine({ content: loadContent(resolve(values.content)) });
const report = evaluate(loadEvalQuestions(resolve(values.questions)), predictWith(engine));
console.log(formatReport('product', report, { misses: true }));
