// The assistant thread's suggested prompts (content/faq.yml `prompts`): each one a person clicks must be
// answered outright, with the entry or the person's own status, never "did you mean" or "I don't know".
import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/index.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { reviewPrompts } from '../../src/cli/content.js';
import { loadContent } from '../../src/content/load.js';
import { FaqFile } from '../../src/content/schemas.js';
import { SHIPPED_CONTENT as SHIPPED_DIR } from '../support/content.js';

const SHIPPED_CONTENT = loadContent(SHIPPED_DIR);

describe('suggested prompts', () => {
  const engine = createAnswerEngine({ content: SHIPPED_CONTENT, cacheDir: MODEL_CACHE_DIR });

  it('are at most four, and "Do I need to take it?" is one of them', () => {
    expect(SHIPPED_CONTENT.faq.prompts.length).toBeGreaterThan(0);
    expect(SHIPPED_CONTENT.faq.prompts.length).toBeLessThanOrEqual(4);
    expect(SHIPPED_CONTENT.faq.prompts.map((p) => p.title)).toContain('Do I need to take it?');
  });

  it.each(SHIPPED_CONTENT.faq.prompts.map((p) => [p.message]))('"%s" is answered outright', (message) => {
    const answer = engine.answer(message);
    expect(answer.band).toBe('answer');
    expect(['faq', 'personal']).toContain(answer.kind);
  });

  it('a fifth prompt is refused by the schema', () => {
    const prompt = { title: 'x', message: 'y' };
    const parsed = FaqFile.safeParse({
      entries: SHIPPED_CONTENT.faq.entries,
      prompts: [prompt, prompt, prompt, prompt, prompt],
    });
    expect(parsed.success).toBe(false);
  });
});

describe('content check on the prompts', () => {
  it('passes the shipped prompts and warns of one a click would not get answered', () => {
    expect(reviewPrompts(SHIPPED_CONTENT)).toEqual([]);
    const content = {
      ...SHIPPED_CONTENT,
      faq: {
        ...SHIPPED_CONTENT.faq,
        prompts: [
          ...SHIPPED_CONTENT.faq.prompts.slice(0, 3),
          { title: 'Parking', message: 'where do I park?' },
        ],
      },
    };
    const warnings = reviewPrompts(content);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('faq.yml prompts[3]: warning: "where do I park?" is not answered outright');
  });
});
