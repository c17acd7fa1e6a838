// Buttons and the eligibility modal end to end.
import { describe, expect, it } from 'vitest';
import { CHECK_FIELD, CHECK_FORM, PERSONAL_CHECK_FIELD } from '../../src/bot/replies/eligibility.js';
import { ACTION, openFaqActionId } from '../../src/slack/views/ids.js';
import { TEXT } from '../../src/text/messages.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { actionIds, blockText, PEOPLE, useHarness } from './app-harness.js';

const h = useHarness();

describe('a related-question button', () => {
  it('in a DM posts that answer into the DM, with its own feedback buttons', async () => {
    const response = await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: openFaqActionId('more-than-one-course'),
      value: 'more-than-one-course',
    });
    expect(response.status).toBe(200);
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['channel']).toBe(h.standIn.dmChannelFor(PEOPLE.bram.id));
    expect(blockText(post.args['blocks'])).toContain('you can take all five options');
    expect(actionIds(post.args['blocks'])).toContain(ACTION.feedbackUp);
  });

  it('on the Home tab posts the answer into the DM with the person', async () => {
    await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: openFaqActionId('working-hours'),
      value: 'working-hours',
      view: { id: 'V0HOME', type: 'home' },
    });
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['channel']).toBe(PEOPLE.bram.id);
    expect(blockText(post.args['blocks'])).toContain('regular working hours');
  });

  it('in a channel answers only the person who pressed it, without feedback buttons', async () => {
    const responseUrl = h.standIn.responseUrl();
    await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: openFaqActionId('working-hours'),
      value: 'working-hours',
      channelId: 'C0GENERAL',
      responseUrl,
    });
    const [reply] = await h.standIn.waitFor(() => {
      const r = h.standIn.responsesTo(responseUrl);
      return r.length > 0 ? r : undefined;
    });
    expect(reply?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(actionIds(reply?.args['blocks'])).not.toContain(ACTION.feedbackUp);
    expect(h.standIn.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('feedback', () => {
  it('counts 👍 and 👎 per FAQ entry and replaces the buttons with a thank-you', async () => {
    const channel = h.standIn.dmChannelFor(PEOPLE.bram.id);
    const before = (await h.feedback.counts()).find((c) => c.faqId === 'working-hours');
    expect(before).toBeUndefined();
    await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: ACTION.feedbackUp,
      value: 'working-hours',
      channelId: channel,
      messageTs: '1612960000.000200',
    });
    const update = await h.standIn.waitForCall('chat.update');
    expect(update.args).toMatchObject({ channel, ts: '1612960000.000200' });
    expect(blockText(update.args['blocks'])).toContain(TEXT.feedbackThanks);
    expect(actionIds(update.args['blocks'])).not.toContain(ACTION.feedbackUp);

    await h.client.sendBlockAction({
      userId: PEOPLE.nobody.id,
      actionId: ACTION.feedbackDown,
      value: 'working-hours',
      channelId: h.standIn.dmChannelFor(PEOPLE.nobody.id),
    });
    expect(await h.feedback.counts()).toContainEqual({ faqId: 'working-hours', helpful: 1, unhelpful: 1 });
  });

  it('counts 25 signed clicks by one person on one answer as one vote; a change of mind replaces it', async () => {
    const channel = h.standIn.dmChannelFor(PEOPLE.cleo.id);
    const click = (actionId: string) =>
      h.client.sendBlockAction({
        userId: PEOPLE.cleo.id,
        actionId,
        value: 'return-to-modules',
        channelId: channel,
        messageTs: '1612960000.000300',
      });
    for (let i = 0; i < 25; i++) expect((await click(ACTION.feedbackUp)).status).toBe(200);
    await h.idle();
    expect(await h.feedback.counts()).toContainEqual({
      faqId: 'return-to-modules',
      helpful: 1,
      unhelpful: 0,
    });
    await click(ACTION.feedbackDown);
    await h.idle();
    expect(await h.feedback.counts()).toContainEqual({
      faqId: 'return-to-modules',
      helpful: 0,
      unhelpful: 1,
    });
  });

  it('ignores a vote for an FAQ entry that does not exist', async () => {
    await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: ACTION.feedbackUp,
      value: 'no-such-entry',
    });
    expect((await h.feedback.counts()).map((c) => c.faqId)).not.toContain('no-such-entry');
    expect(h.standIn.callsTo('chat.update')).toEqual([]);
  });
});

describe('the eligibility check', () => {
  it('opens a modal asking role, paid, year of study, start date, whether one supervises, appointment end, leave, graduating, area', async () => {
    await h.client.sendBlockAction({
      userId: PEOPLE.nobody.id,
      actionId: ACTION.openCheck,
      value: 'check',
      triggerId: 'TR.check.1',
    });
    const open = await h.standIn.waitForCall('views.open');
    expect(open.args['trigger_id']).toBe('TR.check.1');
    const view = open.args['view'] as { callback_id: string; blocks: { type: string; block_id?: string }[] };
    expect(view.callback_id).toBe(CHECK_FORM);
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
      CHECK_FIELD.role,
      CHECK_FIELD.paid,
      CHECK_FIELD.studyYear,
      CHECK_FIELD.startDate,
      PERSONAL_CHECK_FIELD.supervisor,
      CHECK_FIELD.appointmentEnd,
      CHECK_FIELD.leave,
      CHECK_FIELD.graduating,
      CHECK_FIELD.area,
    ]);
  });

  const select = (value: string) => ({ type: 'static_select', selected_option: { value } });

  it('answers from what was entered, in the modal, and stores nothing', async () => {
    const before = { stats: await h.store.stats(), people: await h.store.listPeople({ active: 'any' }) };
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
    expect(response.status).toBe(200);
    const ack = response.json as { response_action: string; view: { type: string; blocks: unknown[] } };
    expect(ack.response_action).toBe('update');
    expect(checkBlockKitLimits(ack.view, 'modal')).toEqual([]);
    const text = blockText(ack.view.blocks);
    expect(text).toContain('Do you need to take it? Yes.');
    expect(text).toContain('VP for Research');
    expect(text).toContain('Not open yet');
    expect(text).toContain(TEXT.checkResultNote);
    expect({ stats: await h.store.stats(), people: await h.store.listPeople({ active: 'any' }) }).toEqual(
      before,
    );
  });

  it.each([
    ['no role', {}, CHECK_FIELD.role, 'Please choose your role.'],
    [
      'a year of study out of range',
      {
        [CHECK_FIELD.role]: { [CHECK_FIELD.role]: select('graduate_student') },
        [CHECK_FIELD.studyYear]: { [CHECK_FIELD.studyYear]: { type: 'number_input', value: '40' } },
      },
      CHECK_FIELD.studyYear,
      'Please enter a whole number from 1 to 15 (got "40").',
    ],
  ])('sends %s back as an error on its field', async (_name, values, field, message) => {
    const response = await h.client.sendViewSubmission({
      userId: PEOPLE.nobody.id,
      callbackId: CHECK_FORM,
      values,
    });
    expect(response.json).toEqual({ response_action: 'errors', errors: { [field]: message } });
  });
});
