// The answer message: its block structure, feedback, escaping and limits.
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/index.js';
import {
  type AnswerReplyOptions,
  answerMessage,
  FEEDBACK_GROUP as FEEDBACK_BLOCK_ID,
  SUGGESTIONS_GROUP as SUGGESTIONS_BLOCK_ID,
} from '../../src/bot/replies/answer.js';
import { ACTION } from '../../src/slack/views/ids.js';
import { renderMessage } from '../../src/slack/views/render.js';
import { TEXT } from '../../src/text/messages.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { engine, readable } from './views-support.js';

const types = (blocks: { type: string }[]) => blocks.map((b) => b.type);
/** The answer as Slack gets it. */
const buildAnswerMessage = (answer: Answer, options?: AnswerReplyOptions) =>
  renderMessage(answerMessage(answer, options));

describe('buildAnswerMessage', () => {
  it('an FAQ answer: the answer, its source, related questions and feedback', () => {
    const answer = engine.answer('can I take more than one course?');
    expect(answer.kind).toBe('faq');
    const view = buildAnswerMessage(answer, { feedback: true });
    expect(types(view.blocks)).toEqual(['section', 'context', 'context', 'actions', 'context', 'actions']);
    expect(readable(view.blocks)).toContain(
      'From FAQ requirement question 3: _May I take more than one of the courses offered?_',
    );
    const [related, feedback] = view.blocks.filter((b) => b.type === 'actions') as {
      block_id: string;
      elements: { action_id: string; value: string }[];
    }[];
    expect(related?.block_id).toBe(SUGGESTIONS_BLOCK_ID);
    expect(related?.elements.map((e) => e.action_id)).toEqual(
      answer.suggestions.map((s) => `faq_open:${s.id}`),
    );
    expect(feedback?.block_id).toBe(FEEDBACK_BLOCK_ID);
    expect(feedback?.elements.map((e) => [e.action_id, e.value])).toEqual([
      [ACTION.feedbackUp, 'more-than-one-course'],
      [ACTION.feedbackDown, 'more-than-one-course'],
    ]);
    expect(view.text).toBe(answer.text);
    expect(checkBlockKitLimits(view, 'message')).toEqual([]);
  });

  it('after a vote the feedback buttons give way to a thank-you', () => {
    const view = buildAnswerMessage(engine.answer('can I take more than one course?'), { voted: 'up' });
    expect(readable(view.blocks)).toContain(TEXT.feedbackThanks);
    expect(JSON.stringify(view.blocks)).not.toContain(ACTION.feedbackUp);
  });

  it('names the modules and contacts an answer mentions', () => {
    const view = buildAnswerMessage(engine.answer('I am graduating this spring, do I still need to do it?'));
    expect(readable(view.blocks)).toContain(
      '*Modules:* Course C – Creating an Inclusive Workplace, Course E – Preventing Harassment',
    );
  });

  it('"Did you mean…" offers the closest questions as buttons, and no feedback', () => {
    const unknown = engine.answer('blorp zzz');
    expect(unknown.kind).toBe('unknown');
    const answer: Answer = {
      ...unknown,
      suggestions: [{ id: 'working-hours', question: 'Can I complete the training during working hours?' }],
    };
    const view = buildAnswerMessage(answer, { feedback: true });
    expect(JSON.stringify(view.blocks)).not.toContain(ACTION.feedbackUp);
    const buttons = view.blocks.filter((b) => b.type === 'actions') as {
      elements: { action_id: string; text: { text: string } }[];
    }[];
    expect(buttons.map((b) => b.elements.map((e) => [e.action_id, e.text.text]))).toEqual([
      [['faq_open:working-hours', 'Can I complete the training during working hours?']],
    ]);
  });

  it('a sensitive answer carries no feedback buttons', () => {
    const answer = engine.answer('my manager harassed me');
    expect(answer.kind).toBe('sensitive');
    const view = buildAnswerMessage(answer, { feedback: true });
    expect(JSON.stringify(view.blocks)).not.toContain(ACTION.feedbackUp);
    expect(readable(view.blocks)).toContain('not a reporting channel');
  });

  it('echoes the question escaped and cut short', () => {
    const question = `<!channel> <@U123> & ${'x'.repeat(1000)}`;
    const view = buildAnswerMessage(engine.answer('hello'), { question });
    const [echo] = view.blocks as { type: string; elements: { text: string }[] }[];
    expect(echo?.type).toBe('context');
    expect(echo?.elements[0]?.text).toMatch(/^You asked: &lt;!channel&gt; &lt;@U123&gt; &amp; x+…$/);
    expect(echo?.elements[0]?.text.length).toBeLessThan(330);
  });

  it('splits a very long answer over several sections and keeps every limit', () => {
    const base = engine.answer('can I take more than one course?');
    const long: Answer = {
      ...base,
      mrkdwn: Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'words '.repeat(60)}`).join('\n'),
      suggestions: Array.from({ length: 30 }, (_, i) => ({
        id: `id-${i}`,
        question: `Question ${i} ${'q'.repeat(100)}`,
      })),
    };
    const view = buildAnswerMessage(long, { feedback: true, question: 'y'.repeat(5000) });
    expect(view.blocks.filter((b) => b.type === 'section').length).toBeGreaterThan(3);
    expect(checkBlockKitLimits(view, 'message')).toEqual([]);
  });
});
