import { describe, expect, it } from 'vitest';
import { normalise } from '../../src/answer/normalise.js';
import { stem } from '../../src/answer/terms.js';

describe('normalise', () => {
  it.each([
    ['Do I HAVE to do this?', 'do i have to do this'],
    ["I'm on sabbatical", 'i am on sabbatical'],
    ['Im on sabbatical', 'i am on sabbatical'],
    ['I\u2019m on sabbatical', 'i am on sabbatical'],
    ["don't", 'do not'],
    ['dont', 'do not'],
    ["can't", 'can not'],
    ['wont load', 'will not load'],
    ["what's the deadline", 'what is the deadline'],
    ["haven't finished", 'have not finished'],
    ["the group's deadline", 'the group deadline'],
    ['Café résumé naïve', 'cafe resume naive'],
    ['harrassment training', 'harassment training'],
    ['i was harrased', 'i was harassed'],
    ['my sabatical', 'my sabbatical'],
    ['  lots   of\tspace\n', 'lots of space'],
    ['Course C – Creating an Inclusive Workplace', 'course c creating an inclusive workplace'],
    ['!!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalise(input)).toBe(expected);
  });

  it("keeps words that are names of an object's own properties", () => {
    expect(normalise('What is the constructor of hasOwnProperty?')).toBe(
      'what is the constructor of hasownproperty',
    );
  });

  it('is idempotent', () => {
    for (const text of ["I'm NOT sure what's due", 'Harrassment — café!', 'dont wont cant']) {
      expect(normalise(normalise(text))).toBe(normalise(text));
    }
  });
});

describe('stem', () => {
  it.each([
    ['training', 'train'],
    ['spring', 'spring'],
    ['modules', 'module'],
    ['difficulties', 'difficulty'],
    ['completed', 'complet'],
    ['class', 'class'],
    ['2018', '2018'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });
});
