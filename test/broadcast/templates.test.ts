import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTemplate, firstNameOf, renderTemplate } from '../../src/broadcast/templates.js';
import { checkContent } from '../../src/content/check.js';
import { evaluateStatus } from '../../src/rules/index.js';
import { formatDay } from '../../src/text/format.js';
import { contentWith, SHIPPED_CONTENT } from '../support/content.js';
import { at, content, demoStore, NOBODY } from './support.js';

describe('reminder templates', async () => {
  const store = await demoStore();
  const bram = await store.personByEmail(NOBODY);
  if (!bram) throw new Error('demo roster lacks Bram');

  it('fills in an overdue reminder with dates in the cycle time zone, the course and the contact', () => {
    const now = at('2021-02-22');
    const text = renderTemplate(content, findTemplate(content, 'overdue'), {
      name: bram.profile.name ?? '',
      status: evaluateStatus(bram.profile, content, now),
    });
    expect(text).toContain('Hi Bram,');
    expect(text).toContain(
      '*All Schools (including Faculty)* was *Wednesday, February 17, 2021* (5 days ago)',
    );
    expect(text).toContain(
      'the "Preventing Sexual Harassment AY20-21" course in the MIT Atlas Learning Center',
    );
    // contacts.yml has no address for it: said so, never invented.
    expect(text).toContain('the completion time contact (address not yet published)');
    expect(text).not.toMatch(/\{\{|@example\.edu|https?:/);
  });

  it('counts days left from the day in New York, not in UTC', () => {
    // 03:30 UTC on Feb 10 is still the evening of Feb 9 in New York: 8 days to Feb 17, not 7.
    const now = new Date('2021-02-10T03:30:00Z');
    const text = renderTemplate(content, findTemplate(content, 'due-soon'), {
      name: 'Bram Placeholder',
      status: evaluateStatus(bram.profile, content, now),
    });
    expect(text).toContain('due by the end of *Wednesday, February 17, 2021*: 8 days left');
  });

  it.each([
    ['2021-02-17', 'America/New_York', 'Wednesday, February 17, 2021'],
    ['2021-02-17', 'Pacific/Auckland', 'Wednesday, February 17, 2021'],
    ['2021-02-17', 'Pacific/Pago_Pago', 'Wednesday, February 17, 2021'],
    ['2021-03-14', 'America/New_York', 'Sunday, March 14, 2021'],
    ['2021-11-07', 'America/New_York', 'Sunday, November 7, 2021'],
  ])('%s (a day of a cycle in %s) reads "%s"', (day, _zone, expected) => {
    expect(formatDay(day)).toBe(expected);
  });

  it.each([
    ['Cleo Sample, PhD', 'Cleo'],
    ['  Ada   Example ', 'Ada'],
    ['', 'there'],
    [undefined, 'there'],
  ])('the first name of %j is %j', (name, expected) => {
    expect(firstNameOf(name)).toBe(expected);
  });

  it('escapes a roster name before it goes into mrkdwn', () => {
    const text = renderTemplate(content, findTemplate(content, 'overdue'), {
      name: '<!channel> Mallory',
      status: evaluateStatus(bram.profile, content, at('2021-02-22')),
    });
    expect(text).toContain('Hi &lt;!channel&gt;,');
    expect(text).not.toContain('<!channel>');
  });

  it('an unknown placeholder is a content-check error at its file and line', () => {
    const dir = contentWith();
    const file = join(dir, 'reminders.yml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('{{daysLeft}} left', '{{dayzLeft}} left'));
    const lines = readFileSync(file, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('{{dayzLeft}}')) + 1;
    const { issues } = checkContent(dir);
    expect(
      issues.map((i) => `${i.file.endsWith('reminders.yml')}:${i.line} ${i.path}: ${i.message}`),
    ).toEqual([
      `true:${line} templates.1.text: unknown placeholder {{dayzLeft}} (known: firstName, group, windowStart, deadline, window, daysLeft, daysLate, course, howToAccess, helpContact, hours)`,
    ]);
  });

  it('an announcement cannot use a personal placeholder, and a schedule must name a known template', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reminders-'));
    writeFileSync(
      join(dir, 'reminders.yml'),
      [
        'templates:',
        '  - id: shout',
        '    name: Shout',
        '    kind: announcement',
        '    text: "Hello {{firstName}}"',
        'schedule:',
        '  hour: 10',
        '  reminders:',
        '    - id: r',
        '      when: { windowOpens: true }',
        '      template: nope',
        '',
      ].join('\n'),
    );
    const { issues } = checkContent(contentWith(dir));
    expect(issues.map((i) => `${i.line} ${i.path}: ${i.message}`)).toEqual([
      '5 templates.0.text: an announcement goes to a channel and cannot use the personal placeholder {{firstName}}',
      '11 schedule.reminders.0.template: unknown template "nope"',
    ]);
  });

  it('the shipped reminders check clean', () => {
    expect(checkContent(SHIPPED_CONTENT).issues).toEqual([]);
  });
});
