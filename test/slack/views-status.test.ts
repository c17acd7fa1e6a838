// The status view for each state the rules give, from profiles and dates in the 2021 cycle.
import { describe, expect, it } from 'vitest';
import { statusMessage, statusParts } from '../../src/bot/replies/status.js';
import { evaluateStatus, type Profile, REQUIRED_HEADLINE } from '../../src/rules/index.js';
import { ACTION } from '../../src/slack/views/ids.js';
import { renderMessage, renderParts } from '../../src/slack/views/render.js';

const buildStatusMessage = (...args: Parameters<typeof statusMessage>) =>
  renderMessage(statusMessage(...args));
const buildStatusBlocks = (...args: Parameters<typeof statusParts>) => renderParts(statusParts(...args));

import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { at, content, readable } from './views-support.js';

const faculty: Profile = { role: 'faculty', paid: true, startDate: '2012-09-01', area: 'school' };

describe('buildStatusMessage', () => {
  it.each<[string, Profile, string, string, string[]]>([
    [
      'open',
      faculty,
      '2021-02-10',
      REQUIRED_HEADLINE.yes,
      ['*Open now:* 7 days left', 'End of Feb 17, 2021', '*Days left*\n7', 'What to do next'],
    ],
    ['due today', faculty, '2021-02-17', REQUIRED_HEADLINE.yes, ['*Due today:*', '*Days left*\n0']],
    [
      'overdue',
      faculty,
      '2021-02-20',
      REQUIRED_HEADLINE.yes,
      ['*Overdue* by 3 days', '*Days overdue*\n3', 'the completion time contact'],
    ],
    [
      'not open yet',
      { role: 'staff', paid: true, startDate: '2014-01-01', area: 'vpr' },
      '2021-02-10',
      REQUIRED_HEADLINE.yes,
      ['*Not open yet:* your window opens on Monday, February 22, 2021', 'VP for Research'],
    ],
    [
      'completed',
      { ...faculty, completed: { module: 'C', on: '2021-02-01' } },
      '2021-02-10',
      REQUIRED_HEADLINE.yes,
      ['*Completed* on Monday, February 1, 2021 (Course C)', 'Course C, Feb 1, 2021'],
    ],
    [
      'not required (unpaid)',
      { ...faculty, paid: false },
      '2021-02-10',
      REQUIRED_HEADLINE.no,
      ['Unpaid appointees are not required', 'Not needed', 'Nothing to do.'],
    ],
    [
      'unknown (no year of study)',
      { role: 'graduate_student' },
      '2021-04-10',
      REQUIRED_HEADLINE.unknown,
      ['your year of study'],
    ],
  ])('%s', (_name, profile, day, headline, parts) => {
    const status = evaluateStatus(profile, content, at(day));
    const view = buildStatusMessage(status, content, { offerCheck: true });
    const text = readable(view.blocks);
    expect(view.blocks[0]?.type).toBe('header');
    expect(text).toContain(`*${headline}*`);
    for (const part of parts) expect(text).toContain(part);
    // The check is offered only when the rules cannot tell.
    expect(JSON.stringify(view.blocks).includes(ACTION.openCheck)).toBe(status.state === 'unknown');
    expect(checkBlockKitLimits(view, 'message')).toEqual([]);
    expect(view.text.startsWith(headline)).toBe(true);
  });

  it('cites the FAQ entry behind each reason', () => {
    const status = evaluateStatus({ ...faculty, leave: 'sabbatical' }, content, at('2021-02-10'));
    const text = readable(buildStatusBlocks(status, content));
    expect(text).toContain('_(FAQ requirement question 7)_');
  });
});
