// /harassment-training end to end: each subcommand answers privately through the response_url.
import { describe, expect, it } from 'vitest';
import { REMIND_FORM } from '../../src/bot/replies/remind-form.js';
import { openFaqActionId } from '../../src/slack/views/ids.js';
import { TEXT } from '../../src/text/messages.js';
import { checkBlockKitLimits, RESPONSE_URL_METHOD } from '../support/block-kit-limits.js';
import { actionIds, blockText, PEOPLE, useHarness } from './app-harness.js';

// Stands in for the admin subcommands of the broadcast issue: help must list it only for admins.
const h = useHarness({
  grants: [{ email: 'rhea.admin@example.edu', role: 'admin' }],
});

async function command(text: string, user: string = PEOPLE.bram.id) {
  const responseUrl = h.standIn.responseUrl();
  const response = await h.client.sendCommand({ userId: user, text, responseUrl });
  expect(response.status).toBe(200);
  const [reply] = await h.standIn.waitFor(() => {
    const posted = h.standIn.responsesTo(responseUrl);
    return posted.length > 0 ? posted : undefined;
  });
  expect(reply?.method).toBe(RESPONSE_URL_METHOD);
  expect(reply?.args['response_type']).toBe('ephemeral');
  // Only the response_url: nothing posted into any channel.
  expect(h.standIn.callsTo('chat.postMessage')).toEqual([]);
  const blocks = reply?.args['blocks'];
  return { text: blockText(blocks), fallback: String(reply?.args['text']), blocks };
}

describe('/harassment-training', () => {
  it('status: required or not and why, group, window, deadline, days left, completion, next step', async () => {
    const { text } = await command('status');
    for (const part of [
      'Do you need to take it? Yes.',
      'All paid faculty are required',
      'All Schools (including Faculty)',
      'January 13 – February 17, 2021',
      'End of Feb 17, 2021',
      '*Days left*\n7',
      'Not yet recorded',
      'What to do next',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('status for someone without a record: no record and the general rule', async () => {
    const { text } = await command('status', PEOPLE.nobody.id);
    expect(text).toContain(TEXT.noRecord);
  });

  it('ask <question>: the answer, with the question echoed', async () => {
    const { text } = await command('ask can I do the training during working hours?');
    expect(text).toContain('You asked: can I do the training during working hours?');
    expect(text).toContain('regular working hours');
  });

  it('ask echoes what a person typed escaped, so <!channel> never pings anyone', async () => {
    const { text, fallback } = await command(
      'ask <!channel> & <https://evil.example|click> is it mandatory?',
    );
    expect(text).toContain(
      'You asked: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; is it mandatory?',
    );
    expect(text).not.toContain('<!channel>');
    expect(fallback).not.toContain('<!channel>');
  });

  it('ask without a question says how to ask', async () => {
    const { text } = await command('ask');
    expect(text).toContain('Ask a question after `ask`');
  });

  it('modules: the five options and how to reach the course', async () => {
    const { text } = await command('modules');
    expect(text).toContain('Course C – Creating an Inclusive Workplace');
    expect(text).toContain('Course E – Preventing Harassment');
    expect(text).toContain('pre-training survey');
  });

  it('questions: every question the FAQ answers, each beside a button that gives its answer, within Block Kit limits', async () => {
    const { fallback, blocks } = await command('questions');
    const entries = h.content.faq.entries;
    // Every entry once, each question beside the button the related questions and the Home use.
    const ids = actionIds(blocks).filter((id) => entries.some((e) => openFaqActionId(e.id) === id));
    expect(ids).toHaveLength(entries.length);
    expect(new Set(ids)).toEqual(new Set(entries.map((e) => openFaqActionId(e.id))));
    // The plain text (notifications, screen readers) names each question too.
    for (const entry of entries) expect(fallback).toContain(entry.question);
    expect(checkBlockKitLimits({ text: fallback, blocks }, 'message')).toEqual([]);
    // One click on a button: the answer, in the DM.
    await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: openFaqActionId('working-hours'),
      value: 'working-hours',
    });
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(blockText(post.args['blocks'])).toContain('regular working hours');
  });

  it("schedule: every group's window, the open one and the viewer's marked", async () => {
    const { text } = await command('schedule');
    expect(text).toContain(
      'All Schools (including Faculty)*: January 13 – February 17, 2021 _(open now, your group)_',
    );
    expect(text).toContain('VP for Research*: February 22 – March 26, 2021');
  });

  it('contacts: each purpose, and no invented address', async () => {
    const { text } = await command('contacts');
    expect(text).toContain('Technical difficulties accessing the training');
    expect(text).toContain('address not yet published');
    expect(text).not.toMatch(/mailto:|@example/);
  });

  it.each(['help', '', 'frobnicate', 'remind'])(
    '"%s" shows help without the admin subcommands to a non-admin',
    async (sub) => {
      const { text } = await command(sub);
      // `<question>` goes out escaped: unescaped, Slack would read it as a link.
      for (const name of [
        'status',
        'ask &lt;question&gt;',
        'questions',
        'modules',
        'schedule',
        'contacts',
        'help',
      ]) {
        expect(text).toContain(`/harassment-training ${name}\``);
      }
      expect(text).not.toContain('/harassment-training remind');
      expect(text).toContain('not a reporting channel');
      if (sub === 'frobnicate') expect(text).toContain('I don\'t know the subcommand "frobnicate"');
      if (sub === 'remind')
        expect(text).toContain('`remind` is only for training administrators, so nothing was done');
      expect(h.standIn.callsTo('views.open')).toHaveLength(0);
    },
  );

  it('help lists the admin subcommands to an admin, who may use them', async () => {
    expect((await command('help', PEOPLE.rhea.id)).text).toContain('/harassment-training remind`');
    // The real composer: a modal opened with the command's trigger, nothing posted or sent.
    await h.client.sendCommand({
      userId: PEOPLE.rhea.id,
      text: 'remind',
      responseUrl: h.standIn.responseUrl(),
    });
    const opened = await h.standIn.waitForCall('views.open');
    expect((opened.args['view'] as { callback_id?: string }).callback_id).toBe(REMIND_FORM);
    expect(h.standIn.callsTo('chat.postMessage')).toEqual([]);
  });
});

describe('a slash command sent twice', () => {
  it('runs once when the same trigger_id comes again (a replay within the signature window)', async () => {
    const responseUrl = h.standIn.responseUrl();
    const again = { userId: PEOPLE.bram.id, text: 'status', responseUrl, triggerId: 'TR.replayed' };
    expect((await h.client.sendCommand(again)).status).toBe(200);
    await h.standIn.waitFor(() => (h.standIn.responsesTo(responseUrl).length > 0 ? true : undefined));
    expect((await h.client.sendCommand(again)).status).toBe(200);
    await h.idle();
    expect(h.standIn.responsesTo(responseUrl)).toHaveLength(1);
    // Another invocation (its own trigger_id) is answered as usual.
    const other = h.standIn.responseUrl();
    await h.client.sendCommand({ userId: PEOPLE.bram.id, text: 'status', responseUrl: other });
    await h.standIn.waitFor(() => (h.standIn.responsesTo(other).length > 0 ? true : undefined));
    expect(h.standIn.responsesTo(other)).toHaveLength(1);
  });
});
