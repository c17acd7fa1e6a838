// Slack's assistant thread end to end: real Bolt over signed HTTP, the assistant events as Slack sends them,
// the Web API stand-in. The ordinary DM goes on as before beside it.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/views/ids.js';
import { TEXT } from '../../src/text/messages.js';
import { actionIds, blockText, PEOPLE, useHarness } from './app-harness.js';

const h = useHarness();
const THREAD = '1700000000.000100';

function promptsOf(args: Record<string, unknown>): { title: string; message: string }[] {
  const raw = args['prompts'];
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as { title: string; message: string }[];
}

function blocksOf(args: Record<string, unknown>): Record<string, unknown>[] {
  const raw = args['blocks'];
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>[];
}

const blockTypes = (args: Record<string, unknown>) => blocksOf(args).map((b) => b['type']);

describe('the assistant thread', () => {
  it('greets the person and suggests the prompts written in content, "Do I need to take it?" among them', async () => {
    const sent = await h.client.sendAssistantThreadStarted(PEOPLE.bram.id, { threadTs: THREAD });
    expect(sent.status).toBe(200);
    const prompts = await h.standIn.waitForCall('assistant.threads.setSuggestedPrompts');
    expect(prompts.args['channel_id']).toBe(h.standIn.dmChannelFor(PEOPLE.bram.id));
    expect(prompts.args['thread_ts']).toBe(THREAD);
    const offered = promptsOf(prompts.args);
    expect(offered).toEqual(h.content.faq.prompts);
    expect(offered.map((p) => p.title)).toContain('Do I need to take it?');
    const welcome = h.standIn.callsTo('chat.postMessage').find((c) => c.args['thread_ts'] === THREAD);
    expect(String(welcome?.args['text'])).toBe(TEXT.assistantWelcome);
  });

  it('shows a status, answers in the thread as a DM would, titles the thread by the question, and offers feedback buttons', async () => {
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I get to the training modules?', {
      threadTs: THREAD,
    });
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['thread_ts']).toBe(THREAD);
    expect(blockText(post.args['blocks'])).toContain('pre-training survey');

    const status = h.standIn.callsTo('assistant.threads.setStatus');
    expect(status.map((c) => c.args['status'])).toEqual([TEXT.assistantStatus]);
    expect(status[0]?.args['thread_ts']).toBe(THREAD);

    const title = await h.standIn.waitForCall('assistant.threads.setTitle');
    expect(title.args['title']).toBe('how do I get to the training modules?');

    // 👍/👎 as Slack's feedback buttons, not a row of ordinary buttons.
    const feedback = blocksOf(post.args).find((b) => b['type'] === 'context_actions') as
      | { elements: Record<string, unknown>[] }
      | undefined;
    expect(feedback?.elements[0]?.['type']).toBe('feedback_buttons');
    expect(feedback?.elements[0]?.['action_id']).toBe(ACTION.feedbackButtons);
    expect(actionIds(post.args['blocks'])).not.toContain(ACTION.feedbackUp);
  });

  it('keeps the first question as the title: a later one does not rename the thread', async () => {
    const thread = '1700000000.000200';
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'can I do it during work hours?', { threadTs: thread });
    await h.standIn.waitForCall('assistant.threads.setTitle');
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'and do I have to redo it every year?', {
      threadTs: thread,
    });
    await h.standIn.waitForCall('chat.postMessage', (c) =>
      blockText(c.args['blocks']).toLowerCase().includes('year'),
    );
    await h.idle();
    const titles = h.standIn.callsTo('assistant.threads.setTitle').map((c) => c.args['title']);
    expect(titles).toEqual(['can I do it during work hours?']);
  });

  it('records a feedback-button vote as a 👍 on that entry, as in a DM', async () => {
    const before = (await h.feedback.counts()).find((c) => c.faqId === 'access-training')?.helpful ?? 0;
    const res = await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      type: 'feedback_buttons',
      actionId: ACTION.feedbackButtons,
      value: 'up:access-training',
      messageTs: '1700000000.000300',
    });
    expect(res.status).toBe(200);
    await h.standIn.waitForCall('chat.update');
    const after = (await h.feedback.counts()).find((c) => c.faqId === 'access-training')?.helpful ?? 0;
    expect(after).toBe(before + 1);
  });

  it('gives a personal question a neutral title, never the words of the question', async () => {
    const thread = '1700000000.000400';
    await h.client.sendDirectMessage(PEOPLE.cleo.id, 'do I need to take it?', { threadTs: thread });
    const title = await h.standIn.waitForCall('assistant.threads.setTitle');
    expect(title.args['title']).toBe(TEXT.assistantPrivateTitle);
  });

  it('answers a disclosure with care and titles the thread neutrally', async () => {
    const thread = '1700000000.000500';
    await h.client.sendDirectMessage(
      PEOPLE.bram.id,
      'my supervisor keeps touching me and I do not know what to do',
      {
        threadTs: thread,
      },
    );
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['thread_ts']).toBe(thread);
    const title = await h.standIn.waitForCall('assistant.threads.setTitle');
    expect(title.args['title']).toBe(TEXT.assistantPrivateTitle);
  });
});

describe('the same answers as a DM', () => {
  /** A reply as a person reads it: its text, and its blocks without the 👍/👎 (drawn differently in a thread). */
  const readable = (args: Record<string, unknown>) => ({
    text: args['text'],
    blocks: blocksOf(args)
      .filter((b) => b['type'] !== 'context_actions')
      .map((b) =>
        b['type'] === 'actions'
          ? {
              ...b,
              elements: (b['elements'] as Record<string, unknown>[]).filter(
                (e) => e['action_id'] !== ACTION.feedbackUp && e['action_id'] !== ACTION.feedbackDown,
              ),
            }
          : b,
      )
      .filter((b) => b['type'] !== 'actions' || (b['elements'] as unknown[]).length > 0),
  });

  it.each([
    ['an FAQ answer', 'how do I get to the training modules?'],
    ['"did you mean"', 'what do I have to do now'],
    ['a personal answer', 'do I need to take it?'],
    ['the careful reply to a disclosure', 'my supervisor keeps touching me and I do not know what to do'],
  ])('%s reads the same in the thread as in the DM', async (_kind, question) => {
    const dm = h.standIn.dmChannelFor(PEOPLE.ada.id);
    // The privacy notice goes with a person's first DM only: had before either answer.
    await h.client.sendDirectMessage(PEOPLE.ada.id, 'hi');
    await h.standIn.waitForCall('chat.postMessage', (c) => c.args['channel'] === dm);
    h.standIn.reset();

    await h.client.sendDirectMessage(PEOPLE.ada.id, question);
    const inDm = await h.standIn.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === undefined);
    const thread = '1700000000.000900';
    await h.client.sendDirectMessage(PEOPLE.ada.id, question, { threadTs: thread });
    const inThread = await h.standIn.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === thread);

    expect(readable(inThread.args)).toEqual(readable(inDm.args));
    // 👍/👎 where the DM has them, as Slack's feedback buttons; none where the DM has none.
    const dmVotes = actionIds(inDm.args['blocks']).includes(ACTION.feedbackUp);
    expect(blockTypes(inThread.args).includes('context_actions')).toBe(dmVotes);
  });
});

describe('privacy', () => {
  it('keeps nothing a person typed in the thread: not in the log, not in the database', async () => {
    const marker = 'quokka-unique';
    const thread = '1700000000.001000';
    await h.client.sendAssistantThreadStarted(PEOPLE.bram.id, { threadTs: thread });
    await h.client.sendDirectMessage(PEOPLE.bram.id, `${marker} my manager keeps touching me`, {
      threadTs: thread,
    });
    await h.client.sendDirectMessage(PEOPLE.bram.id, `${marker} can I do it during work hours?`, {
      threadTs: thread,
    });
    await h.idle();
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === thread)).toHaveLength(
      3,
    );
    // The title went to Slack (a neutral one: the first message was a disclosure), and nowhere else.
    const titles = h.standIn.callsTo('assistant.threads.setTitle').map((c) => c.args['title']);
    expect(titles).toEqual([TEXT.assistantPrivateTitle]);
    expect(h.logs.join('\n')).not.toContain(marker);
    for (const file of [h.store.path, `${h.store.path}-wal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.includes(marker)).toBe(false);
      // Nor which DM the thread is in: the title is kept once per thread by a hash.
      expect(bytes.includes(`${h.standIn.dmChannelFor(PEOPLE.bram.id)}:${thread}`)).toBe(false);
    }
  });
});

describe('"Did you mean" and related questions in the assistant thread', () => {
  it('answers a pressed suggestion in the same thread, with feedback buttons, as a DM answers it beside the DM', async () => {
    const thread = '1700000000.000600';
    const res = await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: `${ACTION.openFaqPrefix}access-training`,
      value: 'access-training',
      messageTs: '1700000000.000601',
      threadTs: thread,
    });
    expect(res.status).toBe(200);
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['channel']).toBe(h.standIn.dmChannelFor(PEOPLE.bram.id));
    expect(post.args['thread_ts']).toBe(thread);
    expect(blockTypes(post.args)).toContain('context_actions');

    // The same button under a DM answer outside any thread: the same answer, in the DM, ordinary buttons.
    await h.client.sendBlockAction({
      userId: PEOPLE.bram.id,
      actionId: `${ACTION.openFaqPrefix}access-training`,
      value: 'access-training',
      messageTs: '1700000000.000602',
    });
    const beside = await h.standIn.waitForCall('chat.postMessage', (c) => c.args['thread_ts'] === undefined);
    expect(beside.args['text']).toBe(post.args['text']);
    expect(actionIds(beside.args['blocks'])).toContain(ACTION.feedbackUp);
  });
});

describe('a workspace without the assistant surface', () => {
  afterEach(() => h.standIn.setAssistantSurface(true));

  it('answers a question in a DM thread with ordinary 👍/👎 when Slack refuses the feedback buttons', async () => {
    h.standIn.setAssistantSurface(false);
    const thread = '1700000000.000700';
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I get to the training modules?', {
      threadTs: thread,
    });
    const delivered = await h.standIn.waitForCall(
      'chat.postMessage',
      (c) => c.ok && c.args['thread_ts'] === thread,
    );
    expect(blockText(delivered.args['blocks'])).toContain('pre-training survey');
    expect(actionIds(delivered.args['blocks'])).toContain(ACTION.feedbackUp);
    expect(blockTypes(delivered.args)).not.toContain('context_actions');
    await h.idle();
    // One refused post, one delivered: never two answers.
    const posts = h.standIn.callsTo('chat.postMessage').filter((c) => c.args['thread_ts'] === thread);
    expect(posts.map((c) => c.ok)).toEqual([false, true]);
    expect(h.logs.some((l) => l.startsWith('error'))).toBe(false);
  });
});

describe('the ordinary DM beside it', () => {
  it('is answered outside any thread with ordinary 👍/👎 buttons and no assistant calls', async () => {
    await h.client.sendDirectMessage(PEOPLE.bram.id, 'how do I get to the training modules?');
    const post = await h.standIn.waitForCall('chat.postMessage');
    expect(post.args['thread_ts']).toBeUndefined();
    expect(actionIds(post.args['blocks'])).toContain(ACTION.feedbackUp);
    expect(h.standIn.callsTo('assistant.threads.setStatus')).toEqual([]);
    expect(h.standIn.callsTo('assistant.threads.setTitle')).toEqual([]);
  });
});
