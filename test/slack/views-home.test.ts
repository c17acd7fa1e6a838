// The App Home view and the reference messages (help, modules, schedule, contacts).
import { describe, expect, it } from 'vitest';
import { HOME_OVERFLOW, type HomeInput, home } from '../../src/bot/replies/home.js';
import {
  contactsMessage,
  FAQ_CATEGORY_TITLE,
  helpMessage,
  modulesMessage,
  scheduleMessage,
} from '../../src/bot/replies/info.js';
import type { Content } from '../../src/content/load.js';
import { privacyNotice } from '../../src/privacy/notice.js';
import { evaluateStatus } from '../../src/rules/index.js';
import { ACTION } from '../../src/slack/views/ids.js';
import { renderHome, renderMessage } from '../../src/slack/views/render.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { at, content, readable } from './views-support.js';

const privacy = privacyNotice({
  retentionDays: 30,
  notReportingChannel: content.resources.notReportingChannel,
});
// The replies as Slack gets them.
const buildHomeView = (input: HomeInput) => renderHome(home(input), HOME_OVERFLOW);
const buildHelpMessage = (...args: Parameters<typeof helpMessage>) => renderMessage(helpMessage(...args));
const buildModulesMessage = (c: Content) => renderMessage(modulesMessage(c));
const buildScheduleMessage = (...args: Parameters<typeof scheduleMessage>) =>
  renderMessage(scheduleMessage(...args));
const buildContactsMessage = (c: Content) => renderMessage(contactsMessage(c));
const status = evaluateStatus(
  { role: 'staff', paid: true, startDate: '2014-01-01', area: 'vpr' },
  content,
  at('2021-02-10'),
);

describe('buildHomeView', () => {
  it('has the status card, schedule, modules, the FAQ by category, contacts and the privacy notice, in that order', () => {
    const view = buildHomeView({ content, status, today: '2021-02-10', privacy });
    const headers = view.blocks.filter((b) => b.type === 'header').map((b) => readable(b));
    expect(headers).toEqual([
      'Your training status',
      'Rollout schedule, 2021',
      'The training modules',
      'Frequently asked questions',
      'Who to contact',
    ]);
    const text = readable(view.blocks);
    const order = [
      FAQ_CATEGORY_TITLE.schedule,
      FAQ_CATEGORY_TITLE.requirement,
      FAQ_CATEGORY_TITLE.content,
    ].map((t) => text.indexOf(`*${t}*`));
    expect(order).toEqual(order.toSorted((a, b) => a - b));
    expect(view.blocks.at(-1)).toEqual({
      type: 'context',
      elements: privacy.map((p) => ({ type: 'mrkdwn', text: p })),
    });
    expect(text).toContain('_(your group)_');
    expect(checkBlockKitLimits(view, 'home')).toEqual([]);
  });

  it('offers the check to someone without a record', () => {
    const view = buildHomeView({ content, status: null, today: '2021-02-10', privacy });
    expect(JSON.stringify(view.blocks)).toContain(ACTION.openCheck);
    expect(checkBlockKitLimits(view, 'home')).toEqual([]);
  });

  it('stays within 100 blocks when the FAQ grows, keeping the privacy notice last', () => {
    const entry = content.faq.entries[1];
    if (!entry) throw new Error('no FAQ entry');
    const big: Content = {
      ...content,
      faq: {
        ...content.faq,
        entries: Array.from({ length: 150 }, (_, i) => ({
          ...entry,
          id: `entry-${i}`,
          question: `Question ${i}?`,
        })),
      },
    };
    const view = buildHomeView({ content: big, status, today: '2021-02-10', privacy });
    expect(view.blocks.length).toBe(100);
    expect(readable(view.blocks.at(-1))).toContain(privacy[0]);
    expect(checkBlockKitLimits(view, 'home')).toEqual([]);
  });
});

describe('reference messages', () => {
  it('help lists what it is given, with the privacy notice', () => {
    const view = buildHelpMessage([{ usage: 'status', description: 'your status' }], {
      privacy,
      intro: 'Hello',
    });
    expect(view.blocks.map((b) => b.type)).toEqual(['section', 'header', 'section', 'section', 'context']);
    expect(readable(view.blocks)).toContain('• `/harassment-training status`: your status');
    expect(checkBlockKitLimits(view, 'message')).toEqual([]);
  });

  it('modules: all five, titles the FAQ does not give said so', () => {
    const text = readable(buildModulesMessage(content).blocks);
    expect(text).toContain('Course A (title not given in the FAQ)');
    expect(text).toContain('Course C – Creating an Inclusive Workplace');
  });

  it.each([
    ['2021-02-10', 'All Schools (including Faculty)', 'open now'],
    ['2021-03-01', 'VP for Research', 'open now'],
    ['2021-03-01', 'All Schools (including Faculty)', 'closed'],
  ])('schedule on %s marks %s %s', (day, group, mark) => {
    const text = readable(buildScheduleMessage(content, { today: day }).blocks);
    expect(text).toMatch(new RegExp(`${group.replace(/[()]/g, '\\$&')}\\*: [^\\n]*_\\(${mark}\\)_`));
  });

  it('contacts: a published address becomes a mailto link; blank ones say so', () => {
    const [first, ...rest] = content.contacts.contacts;
    if (!first) throw new Error('no contact');
    const filled: Content = {
      ...content,
      contacts: { ...content.contacts, contacts: [{ ...first, email: 'training@example.edu' }, ...rest] },
    };
    const text = readable(buildContactsMessage(filled).blocks);
    expect(text).toContain('<mailto:training@example.edu|training@example.edu>');
    expect(text).toContain('address not yet published');
    expect(checkBlockKitLimits(buildContactsMessage(filled), 'message')).toEqual([]);
  });
});
