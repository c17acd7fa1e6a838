// Grouping kept questions by similarity, with the nearest FAQ entry per group.
import { describe, expect, it } from 'vitest';
import { groupMisses, missTerms, similarity } from '../../src/misses/index.js';
import type { Miss } from '../../src/store/misses.js';

let next = 1;
const miss = (
  text: string,
  day = '2021-02-10',
  reason: Miss['reason'] = 'unknown',
  faqId: string | null = null,
): Miss => ({
  id: next++,
  text,
  reason,
  faqId,
  day,
});

describe('similarity', () => {
  it.each([
    ['where do i park for the training', 'where can i park during training', true],
    ['is there a quiz at the end', 'is there a test at the end of the module', false],
    ['wifi password please', 'what is the wifi password', true],
    ['wifi password please', 'can i bring my dog to the office', false],
  ])('%j ~ %j: %s', (a, b, alike) => {
    expect(similarity(missTerms(a), missTerms(b)) >= 0.4).toBe(alike);
  });

  it('ignores redaction placeholders', () => {
    expect(missTerms('send it to [email] or [phone]')).toEqual(missTerms('send it to'));
  });
});

describe('groupMisses', () => {
  it('groups rephrasings, counts them, names the nearest entry and the 👎 per entry', () => {
    const groups = groupMisses(
      [
        miss('what is the wifi password', '2021-02-01'),
        miss('can i bring my dog to the office', '2021-02-02'),
        miss('wifi password please', '2021-02-03'),
        miss('What is the WiFi password?', '2021-02-04'),
        miss('the wifi password for the training room', '2021-02-05', 'unhelpful', 'access-training'),
      ],
      (text) =>
        text.includes('wifi') ? { id: 'access-training', question: 'How do I access it?', score: 0.2 } : null,
    );
    expect(groups).toHaveLength(2);
    const [wifi, dog] = groups;
    expect(wifi).toMatchObject({
      count: 4,
      unanswered: 3,
      unhelpful: { 'access-training': 1 },
      firstDay: '2021-02-01',
      lastDay: '2021-02-05',
      nearest: { id: 'access-training' },
    });
    expect(wifi?.texts[0]).toMatchObject({ text: 'what is the wifi password', count: 2 });
    expect(dog).toMatchObject({ count: 1, nearest: null });
  });

  it('returns nothing for nothing', () => {
    expect(groupMisses([], () => null)).toEqual([]);
  });
});
