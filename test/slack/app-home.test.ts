// The App Home tab, published when a person opens it.
import { describe, expect, it } from 'vitest';
import { PRIVACY_TEXT } from '../../src/privacy/notice.js';
import { ACTION } from '../../src/slack/views/ids.js';
import { TEXT } from '../../src/text/messages.js';
import { actionIds, blockText, PEOPLE, useHarness } from './app-harness.js';

const h = useHarness();

describe('App Home', () => {
  it('shows the status card, schedule, modules, the whole FAQ as buttons, contacts and the privacy line', async () => {
    await h.client.sendAppHomeOpened(PEOPLE.bram.id);
    const publish = await h.standIn.waitForCall('views.publish');
    expect(publish.args['user_id']).toBe(PEOPLE.bram.id);
    const view = publish.args['view'] as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = blockText(view.blocks);
    for (const part of [
      'Do you need to take it? Yes.',
      '7 days left',
      'Rollout schedule, 2021',
      '_(open now, your group)_',
      'Course C – Creating an Inclusive Workplace',
      'Requirement questions',
      'Content questions',
      'Who to contact',
      PRIVACY_TEXT.keeps(30),
      'not a reporting channel',
    ]) {
      expect(text).toContain(part);
    }
    const faqButtons = actionIds(view.blocks).filter((id) => id.startsWith(ACTION.openFaqPrefix));
    expect(faqButtons.toSorted()).toEqual(
      h.content.faq.entries.map((e) => `${ACTION.openFaqPrefix}${e.id}`).toSorted(),
    );
  });

  it('shows someone without a record that there is none, and the check', async () => {
    await h.client.sendAppHomeOpened(PEOPLE.nobody.id);
    const publish = await h.standIn.waitForCall('views.publish');
    const view = publish.args['view'] as { blocks: unknown[] };
    expect(blockText(view.blocks)).toContain(TEXT.noRecord);
    expect(actionIds(view.blocks)).toContain(ACTION.openCheck);
  });

  it('does nothing when the Messages tab is opened', async () => {
    await h.client.sendAppHomeOpened(PEOPLE.bram.id, { tab: 'messages' });
    expect(h.standIn.callsTo('views.publish')).toEqual([]);
  });
});
