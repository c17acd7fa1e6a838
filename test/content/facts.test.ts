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

describe('dates an answer states by hand', () => {
  it.each([
    ['February 17th', '02-17', null],
    ['Feb. 17', '02-17', null],
    ['Sept 3', '09-03', null],
    ['17 February', '02-17', null],
    ['17th of Feb 2021', '02-17', 2021],
    ['July 1st, 2020', '07-01', 2020],
    ['2/17', '02-17', null],
    ['2/17/21', '02-17', 2021],
    ['2021-02-17', '02-17', 2021],
  ])('reads "%s" as the day %s (year %s)', async (written, monthDay, year) => {
    const { statedDates } = await import('../../src/content/facts.js');
    expect(statedDates(`Complete it by ${written}, please.`)).toEqual([
      { index: 'Complete it by '.length, text: written, monthDay, year },
    ]);
  });

  it.each([
    'Module 1 may be taken at any time.',
    'Support is there 24/7.',
    'It takes 1/2 hour.',
    'About 3/4 of you have finished.',
    'Every two years, in Jan 2026 again.',
  ])('finds no date in "%s"', async (text) => {
    const { statedDates } = await import('../../src/content/facts.js');
    expect(statedDates(text)).toEqual([]);
  });
});
