// Acknowledged means answered: work that fails past a listener's own guard still ends with the person told,
// where they asked, and the failure counted in /metrics (Bolt's error handler, src/slack/listener-failure.ts).
import { describe, expect, it } from 'vitest';
import { METRICS_PREFIX } from '../../src/metrics.js';
import { failureReplyFor } from '../../src/slack/listener-failure.js';
import { TEXT } from '../../src/text/messages.js';
import { sampleValue, scrape } from '../support/metrics-text.js';
import { PEOPLE, useHarness } from './app-harness.js';

const h = useHarness();
const failures = async (kind: string) =>
  sampleValue((await scrape(h.port)).body, `${METRICS_PREFIX}listener_failures_total`, { kind });

describe('a listener that throws after the ack', () => {
  it('sends the DM a short apology beside what did work, counts it, and logs no text', async () => {
    const before = await failures('event');
    h.slack.app.event('message', async () => {
      throw new Error('the records are not answering');
    });
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I get to the training modules? secret-words');
    const sorry = await h.standIn.waitForCall(
      'chat.postMessage',
      (c) => c.args['text'] === TEXT.somethingWentWrong,
    );
    expect(sorry.args['channel']).toBe(h.standIn.dmChannelFor(PEOPLE.bram.id));
    await h.idle();
    expect(await failures('event')).toBe(before + 1);
    expect(h.logs.join('\n')).toContain('Unhandled error in a listener');
    expect(h.logs.join('\n')).not.toContain('secret-words');
  });

  it('answers a slash command that failed through its response URL, privately', async () => {
    const before = await failures('command');
    h.slack.app.command('/broken', async ({ ack }) => {
      await ack();
      throw new Error('boom');
    });
    const responseUrl = h.standIn.responseUrl();
    const res = await h.client.sendCommand({
      userId: PEOPLE.bram.id,
      command: '/broken',
      text: '',
      responseUrl,
    });
    expect(res.status).toBe(200);
    await h.idle();
    const replies = h.standIn.responsesTo(responseUrl).map((c) => c.args);
    expect(replies).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', text: TEXT.somethingWentWrong }),
    ]);
    expect(await failures('command')).toBe(before + 1);
  });
});

describe('where the apology goes', () => {
  const event = (e: Record<string, unknown>) => ({ type: 'event_callback', event: e });
  it.each([
    [
      'a DM in a thread: that thread',
      event({ type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', thread_ts: '1.2' }),
      { via: 'dm', channel: 'D1', threadTs: '1.2' },
    ],
    [
      'a mention: to the person only',
      event({ type: 'app_mention', channel: 'C1', user: 'U1', ts: '1.1' }),
      { via: 'ephemeral', channel: 'C1', user: 'U1' },
    ],
    [
      'a button in the Home tab: their DM',
      { type: 'block_actions', user: { id: 'U1' }, container: { type: 'view' } },
      { via: 'dm', channel: 'U1' },
    ],
    ['a bot message: no one', event({ type: 'message', channel: 'D1', user: 'U1', bot_id: 'B1' }), null],
    ['a Home opened: no one (the Home says it)', event({ type: 'app_home_opened', user: 'U1' }), null],
  ])('%s', (_name, body, expected) => {
    expect(failureReplyFor(body)).toEqual(expected);
  });
});
