// Test helpers for content: the shipped folder, and throwaway copies with one file replaced.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Content } from '../../src/content/load.js';

export const SHIPPED_CONTENT = resolve(import.meta.dirname, '../../content');
export const BROKEN_CONTENT = resolve(import.meta.dirname, '../fixtures/broken-content');

/** A copy of the shipped content with the files of `overrideDir` laid over it. */
export function contentWith(overrideDir?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  cpSync(SHIPPED_CONTENT, dir, { recursive: true });
  if (overrideDir) {
    for (const file of readdirSync(overrideDir)) cpSync(join(overrideDir, file), join(dir, file));
  }
  return dir;
}

/** Compared as the independence tests compare: lower case, letters and digits, single spaces. */
const squash = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Each content's FAQ questions and training phrasings, squashed (alsoLearned), made once. */
const squashedOf = new WeakMap<object, Set<string>>();

/** The evaluation questions that are also an FAQ question or a training phrasing of `content`. */
export function alsoLearned(
  content: Pick<Content, 'faq' | 'training'>,
  questions: readonly string[],
): string[] {
  let learned = squashedOf.get(content);
  if (learned === undefined) {
    learned = new Set(
      [...content.faq.entries.map((e) => e.question), ...content.training.phrasings.map((p) => p.text)].map(
        squash,
      ),
    );
    squashedOf.set(content, learned);
  }
  return questions.filter((q) => (learned as Set<string>).has(squash(q)));
}
