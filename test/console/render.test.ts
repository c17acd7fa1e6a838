// Replies as terminal text: what the console prints for the replies Slack gets.
import { describe, expect, it } from 'vitest';
import { answerMessage } from '../../src/bot/replies/answer.js';
import { mrkdwnForTerminal, renderParts } from '../../src/console/render.js';
import { button, buttons, divider, fields, heading, note, text } from '../../src/text/reply.js';
import { engine } from '../slack/views-support.js';

describe('renderParts', () => {
  it('renders headings, text, fields, notes and dividers as plain lines', () => {
    const rendered = renderParts([
      heading('Your training status'),
      text('*Do you need to take it? Yes.*'),
      fields([
        ['Training group', 'All Schools'],
        ['Days left', '7'],
      ]),
      note('📖 From _FAQ requirement question 1_', 'second'),
      divider(),
    ]);
    expect(rendered.text).toBe(
      [
        'YOUR TRAINING STATUS',
        '════════════════════',
        'Do you need to take it? Yes.',
        'Training group: All Schools\nDays left: 7',
        '  📖 From FAQ requirement question 1  ·  second',
        '─'.repeat(60),
      ].join('\n'),
    );
    expect(rendered.buttons).toEqual([]);
  });

  it('numbers buttons in reading order, the ones beside text included', () => {
    const open = { kind: 'open-faq', faqId: 'a' } as const;
    const rendered = renderParts([
      text('A question?', button('Answer', open)),
      buttons([
        button('👍 Yes', { kind: 'vote', faqId: 'a', vote: 'up' }),
        button('👎 No', { kind: 'vote', faqId: 'a', vote: 'down' }),
      ]),
    ]);
    expect(rendered.text).toBe('A question?\n   [1] Answer\n  [2] 👍 Yes\n  [3] 👎 No');
    expect(rendered.buttons.map((b) => [b.number, b.action])).toEqual([
      [1, open],
      [2, { kind: 'vote', faqId: 'a', vote: 'up' }],
      [3, { kind: 'vote', faqId: 'a', vote: 'down' }],
    ]);
  });

  it('shows escaped text and links as a person would read them', () => {
    expect(mrkdwnForTerminal('You asked: &lt;!channel&gt; &amp; <https://x.example|the site>')).toBe(
      'You asked: <!channel> & the site (https://x.example)',
    );
  });

  it('renders a real answer with its related questions and feedback as numbered buttons', () => {
    const { buttons: pressed } = renderParts(
      answerMessage(engine.answer('can I take more than one course?'), { feedback: true }).parts,
    );
    expect(pressed.map((b) => b.action.kind)).toContain('vote');
    expect(pressed.at(-1)?.label).toBe('👎 No');
  });
});
