// Block Kit as terminal text: what the console prints for the views Slack gets.
import { describe, expect, it } from 'vitest';
import { mrkdwnForTerminal, renderBlocks } from '../../src/console/render.js';
import { buildAnswerMessage } from '../../src/slack/views/answer.js';
import { actions, button, context, divider, fields, header, section } from '../../src/slack/views/blocks.js';
import { engine } from '../slack/views-support.js';

describe('renderBlocks', () => {
  it('renders headers, sections, fields, context and dividers as plain lines', () => {
    const { text, buttons } = renderBlocks([
      header('Your training status'),
      section('*Do you need to take it? Yes.*'),
      fields([
        ['Training group', 'All Schools'],
        ['Days left', '7'],
      ]),
      context('📖 From _FAQ requirement question 1_', 'second'),
      divider(),
    ]);
    expect(text).toBe(
      [
        'YOUR TRAINING STATUS',
        '════════════════════',
        'Do you need to take it? Yes.',
        'Training group: All Schools\nDays left: 7',
        '  📖 From FAQ requirement question 1  ·  second',
        '─'.repeat(60),
      ].join('\n'),
    );
    expect(buttons).toEqual([]);
  });

  it('numbers buttons in reading order, accessories included', () => {
    const { text, buttons } = renderBlocks([
      section('A question?', button('Answer', 'faq_open:a', 'a')),
      actions([button('👍 Yes', 'feedback_up', 'a'), button('👎 No', 'feedback_down', 'a')]),
    ]);
    expect(text).toBe('A question?\n   [1] Answer\n  [2] 👍 Yes\n  [3] 👎 No');
    expect(buttons.map((b) => [b.number, b.actionId, b.value])).toEqual([
      [1, 'faq_open:a', 'a'],
      [2, 'feedback_up', 'a'],
      [3, 'feedback_down', 'a'],
    ]);
  });

  it('shows escaped text and links as a person would read them', () => {
    expect(mrkdwnForTerminal('You asked: &lt;!channel&gt; &amp; <https://x.example|the site>')).toBe(
      'You asked: <!channel> & the site (https://x.example)',
    );
  });

  it('renders a real answer with its related questions and feedback as numbered buttons', () => {
    const { buttons } = renderBlocks(
      buildAnswerMessage(engine.answer('can I take more than one course?'), { feedback: true }).blocks,
    );
    expect(buttons.map((b) => b.actionId)).toContain('feedback_up');
    expect(buttons.at(-1)?.label).toBe('👎 No');
  });
});
