// What people see, over both ways Slack reaches the app: signed HTTP requests to Bolt's receiver, and the same
// requests as Socket Mode envelopes through the WebSocket stand-in. One suite, run once per transport. Over
// Socket Mode a request fails unless its envelope is acknowledged within Slack's three seconds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_FIELD, CHECK_FORM } from '../../src/bot/replies/eligibility.js';
import { REMIND_FORM } from '../../src/bot/replies/remind-form.js';
import { ACTION, openFaqActionId } from '../../src/slack/views/ids.js';
import { TEXT } from '../../src/text/messages.js';
import { TRANSPORTS } from '../support/slack-transport.js';
import { actionIds, blockText, PEOPLE, useHarness } from './app-harness.js';

const SENSITIVE = 'zebra-unique my supervisor keeps touching me and I feel unsafe';

describe.each(TRANSPORTS)('over %s', (kind) => {
  const h = useHarness({
    transport: kind,
    grants: [{ email: 'rhea.admin@example.edu', role: 'admin' }],
  });
  // Over Socket Mode, every request of a test went as an envelope and came back acknowledged.
  let acksBefore = 0;
  beforeEach(() => {
    acksBefore = h.transport.socket?.acks.length ?? 0;
  });
  afterEach(() => {
    if (kind === 'socket') expect(h.transport.socket?.acks.length ?? 0).toBeGreaterThan(acksBefore);
  });

  async function command(text: string, user: string = PEOPLE.bram.id) {
    const responseUrl = h.standIn.responseUrl();
    const response = await h.client.sendCommand({ userId: user, text, responseUrl });
    expect(response.status).toBe(200);
    const [reply] = await h.standIn.waitFor(() => {
      const posted = h.standIn.responsesTo(responseUrl);
      return posted.length > 0 ? posted : undefined;
    });
    expect(reply?.args['response_type']).toBe('ephemeral');
    return { text: blockText(reply?.args['blocks']), fallback: String(reply?.args['text']) };
  }

  it('answers a DM question in the DM, with its source and feedback buttons', async () => {
    const sent = await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I get to the training modules?');
    expect(sent.status).toBe(200);
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['channel']).toBe(h.standIn.dmChannelFor(PEOPLE.bram.id));
    const text = blockText(post.args['blocks']);
    expect(text).toContain('pre-training survey');
    expect(text).toContain('From FAQ requirement question 2');
    expect(actionIds(post.args['blocks'])).toContain(ACTION.feedbackUp);
    await h.idle();
    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('answers /harassment-training status privately, through the response_url', async () => {
    const { text } = await command('status');
    expect(text).toContain('Do you need to take it? Yes.');
    expect(text).toContain('End of Feb 17, 2021');
    expect(h.standIn.callsTo('chat.postMessage')).toEqual([]);
  });

  it('publishes the App Home with the status card and every FAQ entry as a button', async () => {
    await h.client.sendAppHomeOpened(PEOPLE.bram.id);
    const publish = await h.standIn.waitForCall('views.publish');
    expect(publish.args['user_id']).toBe(PEOPLE.bram.id);
    const view = publish.args['view'] as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(blockText(view.blocks)).toContain('Do you need to take it? Yes.');
    expect(actionIds(view.blocks).filter((id) => id.startsWith(ACTION.openFaqPrefix))).toHaveLength(
      h.content.faq.entries.length,
    );
  });

  it('answers a related-question button in the DM', async () => {
    const response = await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: openFaqActionId('more-than-one-course'),
      value: 'more-than-one-course',
    });
    expect(response.status).toBe(200);
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['channel']).toBe(h.standIn.dmChannelFor(PEOPLE.bram.id));
    expect(blockText(post.args['blocks'])).toContain('you can take all five options');
  });

  it("answers the eligibility check's submission in the acknowledgement, as a modal update", async () => {
    const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
    const response = await h.client.sendViewSubmission({
      userId: PEOPLE.nobody.id,
      callbackId: CHECK_FORM,
      values: {
        [CHECK_FIELD.role]: { [CHECK_FIELD.role]: select('staff') },
        [CHECK_FIELD.paid]: { [CHECK_FIELD.paid]: select('yes') },
        [CHECK_FIELD.startDate]: {
          [CHECK_FIELD.startDate]: { type: 'datepicker', selected_date: '2014-03-03' },
        },
        [CHECK_FIELD.area]: { [CHECK_FIELD.area]: select('vpr') },
      },
    });
    const ack = response.json as { response_action: string; view: { blocks: unknown[] } };
    expect(ack.response_action).toBe('update');
    const text = blockText(ack.view.blocks);
    expect(text).toContain('Do you need to take it? Yes.');
    expect(text).toContain('VP for Research');
    expect(text).toContain(TEXT.checkResultNote);
  });

  it('sends back an invalid submission as an error on its field', async () => {
    const response = await h.client.sendViewSubmission({
      userId: PEOPLE.nobody.id,
      callbackId: CHECK_FORM,
      values: {},
    });
    expect(response.json).toEqual({
      response_action: 'errors',
      errors: { [CHECK_FIELD.role]: 'Please choose your role.' },
    });
  });

  it('gives a sensitive DM the careful answer, without feedback buttons, and logs none of it', async () => {
    await h.client.sendDirectMessage(PEOPLE.bram.id, SENSITIVE);
    const post = await h.standIn.waitForCall('chat.postMessage');
    const text = blockText(post.args['blocks']);
    expect(text).toContain('not a reporting channel');
    expect(actionIds(post.args['blocks'])).not.toContain(ACTION.feedbackUp);
    await h.idle();
    // At LOG_LEVEL=debug the Slack libraries log what they receive (README, "Data and privacy"); the app's
    // default level, info, must hold nothing of the message.
    const logged = h.logs.filter((line) => !line.startsWith('debug')).join('\n');
    expect(logged).not.toContain('zebra-unique');
  });

  it('refuses an admin subcommand to someone who is not an admin, and runs it for an admin', async () => {
    const refused = await command('remind');
    expect(refused.text).toContain('`remind` is only for training administrators, so nothing was done');
    expect(h.standIn.callsTo('views.open')).toEqual([]);
    // The real composer for an admin: a modal opened with the command's trigger, nothing sent.
    await h.client.sendCommand({
      userId: PEOPLE.rhea.id,
      text: 'remind',
      responseUrl: h.standIn.responseUrl(),
    });
    const opened = await h.standIn.waitForCall('views.open');
    expect((opened.args['view'] as { callback_id?: string }).callback_id).toBe(REMIND_FORM);
  });
});
