// Schedule facts in answers: a schedule that runs over a new year says every date with its year.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';

const ROOT = resolve(import.meta.dirname, '../..');
const answerOf = (dir: string, id: string) =>
  loadContent(resolve(ROOT, dir)).faq.entries.find((e) => e.id === id)?.answer ?? '';

describe('the {{schedule}} placeholder', () => {
  it('gives every date its year when the windows run from 2025 into 2026', () => {
    const answer = answerOf('test/fixtures/cycle-2025-26', 'rollout-schedule');
    expect(answer).toContain('September 15, 2025 – October 17, 2025');
    expect(answer).toContain('January 12, 2026 – February 13, 2026');
    expect(answer).toContain('December 1, 2025 – January 16, 2026');
    // The lines still come in window order: autumn 2025 before winter 2026.
    expect(answer.indexOf('September 15, 2025')).toBeLessThan(answer.indexOf('January 12, 2026'));
    expect(answer).not.toMatch(/\b(January|February|September|October|November|December) \d{1,2} –/);
  });

  it('leaves the years out when every window is in one year, as the source page writes them', () => {
    const answer = answerOf('content', 'rollout-schedule');
    expect(answer).toMatch(/January \d{1,2} – February \d{1,2}\n/);
    expect(answer).not.toMatch(/, 2021 –/);
  });
});

describe('numbers an answer states by hand', () => {
  it('are every count, in words or digits, but not spans of time, labels, dates, placeholders or pronouns', async () => {
    const { statedNumbers } = await import('../../src/content/facts.js');
    const text =
      'Take all five. Only one is required, every two years; a 5-minute video (AY20-21) by February 17th. ' +
      'No one else, {{moduleCount}} options, 3 courses.';
    expect(statedNumbers(text).map((n) => [n.text, n.count])).toEqual([
      ['five', 5],
      ['one', 1],
      ['3', 3],
    ]);
  });
});
