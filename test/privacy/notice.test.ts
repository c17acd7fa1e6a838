// The privacy notice: two lines, what is kept and for how long, and that the bot is not a way to report.
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { privacyNotice } from '../../src/privacy/notice.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const { notReportingChannel } = loadContent(SHIPPED_CONTENT).resources;

describe('privacyNotice', () => {
  it.each([
    [30, 'for 30 days'],
    [7, 'for 7 days'],
    [1, 'for 1 day '],
  ])('says how long questions are kept (%i days)', (retentionDays, phrase) => {
    const lines = privacyNotice({ retentionDays, notReportingChannel });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(phrase);
    expect(lines[0]).toMatch(/roster record/);
    expect(lines[0]).toMatch(/Nothing you tell me about a situation is kept/);
    expect(lines[1]).toContain(notReportingChannel.trim());
    expect(lines[1]).toContain('/harassment-training contacts');
  });
});
