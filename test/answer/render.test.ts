import { describe, expect, it } from 'vitest';
import { mrkdwnToText, renderMrkdwn, UnknownContactError } from '../../src/answer/render.js';
import type { Contact } from '../../src/content/schemas.js';

const contact = (over: Partial<Contact>): Contact => ({
  id: 'help',
  name: 'the help desk',
  purpose: 'help',
  email: null,
  url: null,
  faq: [],
  ...over,
});

describe('renderMrkdwn', () => {
  it.each([
    [contact({}), 'the help desk (address not yet published)', 'the help desk (address not yet published)'],
    [
      contact({ email: 'help@example.edu' }),
      'the help desk (help@example.edu)',
      'the help desk (<mailto:help@example.edu|help@example.edu>)',
    ],
    [
      contact({ url: 'https://example.edu/help' }),
      'the help desk (https://example.edu/help)',
      '<https://example.edu/help|the help desk>',
    ],
  ])('fills {{contact:help}} (%#)', (c, text, mrkdwn) => {
    expect(renderMrkdwn('Ask {{contact:help}}.', [c])).toEqual({
      text: `Ask ${text}.`,
      mrkdwn: `Ask ${mrkdwn}.`,
    });
  });

  it('names the unknown contact it cannot fill', () => {
    expect(() => renderMrkdwn('Ask {{contact:nobody}}.', [contact({})])).toThrow(UnknownContactError);
    expect(() => renderMrkdwn('Ask {{contact:nobody}}.', [contact({})])).toThrow('"nobody"');
  });
});

describe('mrkdwnToText', () => {
  it.each([
    ['*Incidents involving students:* Many employees', 'Incidents involving students: Many employees'],
    ['• *VP for Research*: February 22 – March 26', '• VP for Research: February 22 – March 26'],
    ['see <https://example.edu|the site>', 'see the site (https://example.edu)'],
    ['plain text stays', 'plain text stays'],
  ])('%j → %j', (mrkdwn, text) => {
    expect(mrkdwnToText(mrkdwn)).toBe(text);
  });
});
