// Mentions in channels: FAQ answers in a thread; anything personal or sensitive only to the person.
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/views/ids.js';
import { actionIds, blockText, PEOPLE, useHarness } from './app-harness.js';

const h = useHarness();

describe('a mention', () => {
  it('gets an FAQ answer in a thread under the question, without feedback buttons', async () => {
    await h.client.sendMention(PEOPLE.bram.id, 'will we have to do this every year?', {
      ts: '1612960000.000300',
    });
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args).toMatchObject({ channel: 'C0GENERAL', thread_ts: '1612960000.000300' });
    expect(blockText(post.args['blocks'])).toContain('every two years');
    expect(actionIds(post.args['blocks'])).not.toContain(ACTION.feedbackUp);
  });

  it('inside a thread answers in that thread', async () => {
    await h.client.sendMention(PEOPLE.bram.id, 'can I do it during working hours?', {
      ts: '1612960000.000500',
      threadTs: '1612960000.000400',
    });
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['thread_ts']).toBe('1612960000.000400');
  });

  it.each([
    ['a personal question', 'do I need to take it?', 'Do you need to take it? Yes.'],
    ['a sensitive message', 'my supervisor keeps touching me and I feel unsafe', 'not a reporting channel'],
    // A bare subcommand runs as in a DM: the listing of questions, the person's own status.
    ['"questions"', 'questions', 'Questions I can answer'],
    ['"status"', 'status', 'Do you need to take it? Yes.'],
  ])('keeps %s out of the channel: only the person sees the answer', async (_name, question, expected) => {
    await h.client.sendMention(PEOPLE.bram.id, question);
    const ephemeral = await h.standIn.waitForCall('chat.postEphemeral');
    expect(ephemeral.args).toMatchObject({ channel: 'C0GENERAL', user: PEOPLE.bram.id });
    expect(blockText(ephemeral.args['blocks'])).toContain(expected);
    expect(h.standIn.callsTo('chat.postMessage')).toEqual([]);
  });

  it('falls back to a DM, never the channel, when Slack refuses the ephemeral message', async () => {
    h.standIn.failNext('chat.postEphemeral', 'user_not_in_channel');
    await h.client.sendMention(PEOPLE.bram.id, 'when is my deadline?');
    const posts = h.standIn.callsTo('chat.postMessage');
    expect(posts.map((p) => p.args['channel'])).toEqual([PEOPLE.bram.id]);
    expect(blockText(posts[0]?.args['blocks'])).toContain('February 17, 2021');
    expect(h.logs.some((l) => l.startsWith('error') && l.includes('user_not_in_channel'))).toBe(true);
  });
});
