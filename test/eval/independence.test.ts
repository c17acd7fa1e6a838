// The evaluation sets measure the engine only while none of their questions is also a phrasing it learns from.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { exchangeText } from '../../src/content/training.js';
import { alsoLearned, SHIPPED_CONTENT } from '../support/content.js';

const SETS = [
  ['holdout.yml', 700],
  ['holdout-2.yml', 500],
  ['holdout-3.yml', 450],
  ['holdout-4.yml', 420],
  ['holdout-5.yml', 440],
  ['holdout-several.yml', 90],
  ['holdout-follow-ups.yml', 90],
  ['follow-ups-2.yml', 180],
  ['conversation.yml', 40],
  ['several.yml', 180],
  ['mixed.yml', 130],
  ['holdout-mixed.yml', 130],
  ['holdout-mixed-2.yml', 390],
  ['dev-3.yml', 2400],
  ['dev-context.yml', 200],
  ['holdout-context.yml', 200],
  ['dev-story.yml', 330],
] as const;

// Read once for the sets (78,000 phrasings: two seconds each time).
const content = loadContent(SHIPPED_CONTENT);

it.each(SETS)('%s shares no question with the training phrasings or the FAQ questions', (file, least) => {
  const { questions } = parse(readFileSync(resolve(import.meta.dirname, file), 'utf8')) as {
    questions: { q: string; after?: string }[];
  };
  expect(questions.length).toBeGreaterThanOrEqual(least);
  expect(
    alsoLearned(
      content,
      questions.map((q) => q.q),
    ),
  ).toEqual([]);
  // Nor, for two messages in a row, both of them with a training exchange (joined as the engine reads them).
  const exchanges = questions.flatMap((q) => (q.after === undefined ? [] : [exchangeText(q.after, q.q)]));
  expect(alsoLearned(content, exchanges)).toEqual([]);
});
