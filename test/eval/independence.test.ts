// The evaluation sets measure the engine only while none of their questions is also a phrasing it learns from.
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

const SETS = [
  ['questions.yml', 200],
  ['dev-2.yml', 400],
] as const;

it.each(SETS)(
  '%s shares no question with the FAQ, the out-of-scope or the disclosure examples',
  (file, least) => {
    const content = loadContent(SHIPPED_CONTENT);
    const indexed = new Set(
      [
        ...content.faq.entries.flatMap((e) => [e.question, ...e.alternates]),
        ...content.outOfScope.examples,
        ...content.sensitiveExamples.disclosures,
        ...content.sensitiveExamples.innocuous,
      ].map(squash),
    );
    const { questions } = parse(readFileSync(resolve(import.meta.dirname, file), 'utf8')) as {
      questions: { q: string; after?: string }[];
    };
    expect(questions.length).toBeGreaterThanOrEqual(least);
    const asked = questions.flatMap((q) => [q.q, ...(q.after === undefined ? [] : [q.after])]);
    expect(asked.filter((q) => indexed.has(squash(q)))).toEqual([]);
  },
);
