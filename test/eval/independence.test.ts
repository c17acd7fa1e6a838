// The evaluation set measures the search only while none of its questions is also an indexed phrasing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const squash = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

it('shares no question with the FAQ questions or their alternates', () => {
  const content = loadContent(SHIPPED_CONTENT);
  const indexed = new Set(content.faq.entries.flatMap((e) => [e.question, ...e.alternates]).map(squash));
  const { questions } = parse(readFileSync(resolve(import.meta.dirname, 'questions.yml'), 'utf8')) as {
    questions: { q: string }[];
  };
  expect(questions.length).toBeGreaterThanOrEqual(200);
  expect(questions.map((q) => q.q).filter((q) => indexed.has(squash(q)))).toEqual([]);
});
