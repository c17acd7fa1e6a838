// The assistant thread's title and suggested prompts: escaped, one line, within bounds.
import { describe, expect, it } from 'vitest';
import {
  buildSuggestedPrompts,
  buildThreadTitle,
  PROMPTS_MAX,
  TITLE_MAX,
} from '../../src/slack/views/assistant.js';

describe('buildThreadTitle', () => {
  it.each([
    ['can I do it during work hours?', 'can I do it during work hours?'],
    ['  two\nlines\t here ', 'two lines here'],
    ['is <!channel> & <https://x|this> needed?', 'is &lt;!channel&gt; &amp; &lt;https://x|this&gt; needed?'],
    // Slack delivers a typed `<` as `&lt;`: never escaped twice.
    ['a &lt; b &amp; c', 'a &lt; b &amp; c'],
  ])('%j → %j', (question, title) => {
    expect(buildThreadTitle(question)).toBe(title);
  });

  it('cuts a long question at a word, within TITLE_MAX, with an ellipsis', () => {
    const title = buildThreadTitle(
      'do I have to take the training again if I already took it at my previous university last year',
    );
    expect(title.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(title).toMatch(/^do I have to take the training again if I already took it…$/);
  });

  it('never cuts inside an escaped character or an emoji', () => {
    const ampersands = buildThreadTitle('&'.repeat(100));
    expect(ampersands.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(ampersands).toMatch(/^(&amp;)+…$/);
    const emoji = buildThreadTitle(`${'x'.repeat(TITLE_MAX - 2)}😀😀😀`);
    expect(emoji.length).toBeLessThanOrEqual(TITLE_MAX);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('buildSuggestedPrompts', () => {
  it('escapes what the content file says and keeps at most four', () => {
    const prompts = Array.from({ length: 6 }, (_, i) => ({
      title: `Q&A <${i}>`,
      message: `what about <${i}> & more?`,
    }));
    const built = buildSuggestedPrompts(prompts);
    expect(built).toHaveLength(PROMPTS_MAX);
    expect(built[0]).toEqual({ title: 'Q&amp;A &lt;0&gt;', message: 'what about &lt;0&gt; &amp; more?' });
  });
});
