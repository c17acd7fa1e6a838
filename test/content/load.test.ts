import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/content/check.js';
import { ContentError, formatIssue, inspectContent, loadContent } from '../../src/content/load.js';
import { BROKEN_CONTENT, contentWith, SHIPPED_CONTENT } from '../support/content.js';

describe('the shipped content', () => {
  const content = loadContent(SHIPPED_CONTENT);

  it('has all 22 questions of the source plus the rollout schedule', () => {
    const byCategory = (c: string) =>
      content.faq.entries.filter((e) => e.category === c).map((e) => e.number);
    expect(byCategory('requirement')).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(byCategory('content')).toEqual([1, 2, 3, 4]);
    expect(content.faq.entries.find((e) => e.category === 'schedule')?.id).toBe('rollout-schedule');
  });

  it('has the four training groups and their windows from the source', () => {
    const windows = Object.fromEntries(content.schedule.groups.map((g) => [g.name, g.window]));
    expect(windows).toEqual({
      'All Schools (including Faculty)': { start: '2021-01-13', end: '2021-02-17' },
      'VP for Research': { start: '2021-02-22', end: '2021-03-26' },
      'Graduate Students (3+ years)': { start: '2021-04-05', end: '2021-05-07' },
      'Central and Academic Admin': { start: '2021-05-04', end: '2021-06-11' },
    });
    expect(content.schedule.cycle).toMatchObject({
      name: 'Preventing Sexual Harassment AY20-21',
      year: 2021,
      timeZone: 'America/New_York',
    });
  });

  it('names only the module titles the source gives', () => {
    const titles = Object.fromEntries(content.modules.modules.map((m) => [m.id, m.title]));
    expect(titles).toEqual({
      A: null,
      B: null,
      C: 'Creating an Inclusive Workplace',
      D: null,
      E: 'Preventing Harassment',
    });
  });

  it('invents no contact address: every one is a placeholder until filled in', () => {
    for (const contact of content.contacts.contacts) {
      expect({ id: contact.id, email: contact.email, url: contact.url }).toEqual({
        id: contact.id,
        email: null,
        url: null,
      });
    }
  });

  it('gives every entry at least 40 training phrasings, from at least three writers', () => {
    for (const entry of content.faq.entries) {
      const own = content.training.phrasings.filter((p) => p.label === entry.id);
      expect(own.length, entry.id).toBeGreaterThanOrEqual(40);
      expect(new Set(own.map((p) => p.writer)).size, entry.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('records who wrote every phrasing, and keeps at least 300 out-of-scope questions', () => {
    for (const file of content.training.files)
      expect(file.file).toMatch(new RegExp(`training/${file.writer}\\.yml$`));
    expect(
      content.training.phrasings.filter((p) => p.label === 'out-of-scope').length,
    ).toBeGreaterThanOrEqual(300);
  });

  it('passes the content check with only placeholders to report', () => {
    const report = checkContent(SHIPPED_CONTENT);
    expect(report.issues).toEqual([]);
    expect(report.placeholders.map((p) => p.what)).toContain(
      'contact "technical-difficulties" (Technical difficulties accessing the training) has no address',
    );
    expect(report.placeholders.map((p) => p.what)).toContain('module A has no title');
  });
});

describe('broken content is reported with file:line and field', () => {
  // One fixture per kind of mistake, each laid over a copy of the shipped content.
  it.each([
    ['yaml-syntax', 'schedule.yml:10: YAML syntax:'],
    [
      'wrong-type',
      'schedule.yml:3 cycle.year: Invalid input: expected number, received string (got "twenty twenty-one")',
    ],
    ['unknown-reference', 'schedule.yml:5 cycle.faq: unknown FAQ entry "rollout-schedul"'],
    ['duplicate-id', 'schedule.yml:12 groups.1.id: duplicate id "all-schools"'],
    [
      'window-order',
      'schedule.yml:13 groups.0.window.end: window ends (2021-01-13) before it starts (2021-02-17)',
    ],
  ])('%s', (fixture, expected) => {
    const dir = contentWith(join(BROKEN_CONTENT, fixture));
    const { content, issues } = inspectContent(dir);
    expect(content).toBeNull();
    expect(issues).toHaveLength(1);
    const message = formatIssue(issues[0]!);
    expect(message.startsWith(join(dir, expected))).toBe(true);
  });

  it('names a leave a group member reads that policy.yml does not declare, and the leaves it does', () => {
    const dir = contentWith();
    const file = join(dir, 'schedule.yml');
    const schedule = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      schedule.replace('      - role: faculty\n', '      - role: faculty\n        leave: research_leave\n'),
    );
    const line = schedule.split('\n').indexOf('      - role: faculty') + 2;
    expect(inspectContent(dir).issues.map(formatIssue)).toEqual([
      `${file}:${line} groups.1.members.0.leave: unknown leave "research_leave" (known: sabbatical, junior_faculty_leave): declare it in policy.yml "leaves"`,
    ]);
  });

  it('collects every problem, across files, before giving up', () => {
    const dir = contentWith(join(BROKEN_CONTENT, 'wrong-type'));
    rmSync(join(dir, 'resources.yml'));
    const { issues } = inspectContent(dir);
    expect(issues.map((i) => `${basename(i.file)}:${i.line} ${i.path}`)).toEqual([
      'schedule.yml:3 cycle.year',
      'resources.yml:1 ',
    ]);
  });

  it('loadContent throws a ContentError that lists the problems', () => {
    const dir = contentWith(join(BROKEN_CONTENT, 'window-order'));
    expect(() => loadContent(dir)).toThrow(ContentError);
    expect(() => loadContent(dir)).toThrow(/schedule\.yml:13 groups\.0\.window\.end/);
  });
});

describe('the training files, parsed where the phrasings are first used', () => {
  /** A copy of the shipped content with one more writer's file. */
  const withWriter = (name: string, yaml: string) => {
    const dir = contentWith();
    writeFileSync(join(dir, 'training', name), yaml);
    return dir;
  };
  const header = (writer: string) => `writer: ${writer}\npersona: test\nwritten: 2026-12-04\nfaq:\n`;

  it('loads without them; a broken file is reported with file:line where they are read, and by content check', () => {
    const dir = withWriter('x-writer.yml', `${header('x-writer')}  every-year:\n    - "unclosed\n`);
    const content = loadContent(dir);
    expect(() => content.training.phrasings).toThrow(ContentError);
    expect(() => content.training.files).toThrow(/training\/x-writer\.yml:7: YAML syntax/);
    const { issues } = checkContent(dir);
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(/training\/x-writer\.yml:7: YAML syntax/),
    ]);
  });

  it('checks them against the FAQ when they are read, as content check does', () => {
    const dir = withWriter(
      'y-writer.yml',
      `${header('y-writer')}  every-yaer:\n    - will the zebra course come round again?\n`,
    );
    const expected = /training\/y-writer\.yml:6 every-yaer: unknown FAQ entry "every-yaer"/;
    expect(() => loadContent(dir).training.phrasings).toThrow(expected);
    expect(checkContent(dir).issues.map(formatIssue)).toEqual([expect.stringMatching(expected)]);
  });

  it('reads two messages in a row as the engine does, and names the line of an exchange with a wrong label', () => {
    const exchanges = (label: string) =>
      `${header('z-writer')}  {}\nexchanges:\n  - before: "I'm on sabbatical next term"\n    message: "still have to?"\n    label: sabbatical-leave\n    kind: follow-up\n  - before: "thx"\n    message: "when is it due for staff"\n    label: ${label}\n    kind: new-question\n`;
    const content = loadContent(withWriter('z-writer.yml', exchanges('rollout-schedule')));
    const before = { before: "I'm on sabbatical next term", message: 'still have to?' };
    // A follow-up is learned after its first message, and alone as what a follow-up looks like; a new question alone.
    expect(content.training.phrasings.filter((p) => p.writer === 'z-writer')).toEqual([
      expect.objectContaining({
        text: "I'm on sabbatical next term\nstill have to?",
        label: 'sabbatical-leave',
        line: 8,
        ...before,
      }),
      expect.objectContaining({ text: 'still have to?', label: 'follow-up', line: 8 }),
      expect.objectContaining({
        text: 'when is it due for staff',
        label: 'rollout-schedule',
        line: 12,
        before: 'thx',
        message: 'when is it due for staff',
      }),
    ]);
    const expected = /training\/z-writer\.yml:12 rollout-schedul: unknown FAQ entry "rollout-schedul"/;
    expect(
      () => loadContent(withWriter('z-writer.yml', exchanges('rollout-schedul'))).training.phrasings,
    ).toThrow(expected);
    const kind = `${header('z-writer')}  {}\nexchanges:\n  - before: a\n    message: b\n    label: greeting\n    kind: chit-chat\n`;
    expect(checkContent(withWriter('z-writer.yml', kind)).issues.map(formatIssue)).toEqual([
      expect.stringMatching(/training\/z-writer\.yml:10 exchanges\.0\.kind: /),
    ]);
  });

  it('reads a message that tells and asks under a class of its own, with the entry its question asks', () => {
    const told = (entry: string) =>
      `${header('t-writer')}  {}\ntold-and-asked:\n  - q: "a guy in my lab keeps texting me at night. when is the training due"\n    entry: ${entry}\n`;
    const content = loadContent(withWriter('t-writer.yml', told('rollout-schedule')));
    // Learned whole under its own label, never as a disclosure or as the entry (the entry is kept beside it).
    expect(content.training.phrasings.filter((p) => p.writer === 't-writer')).toEqual([
      expect.objectContaining({
        text: 'a guy in my lab keeps texting me at night. when is the training due',
        label: 'told-and-asked',
        asks: 'rollout-schedule',
        line: 7,
      }),
    ]);
    expect(() => loadContent(withWriter('t-writer.yml', told('rollout-schedul'))).training.phrasings).toThrow(
      /training\/t-writer\.yml:7 rollout-schedul: unknown FAQ entry "rollout-schedul" for the question part/,
    );
  });

  it('still stops loading at once when the folder has no training file', () => {
    const dir = contentWith();
    rmSync(join(dir, 'training'), { recursive: true });
    expect(() => loadContent(dir)).toThrow(/training:1: cannot read the folder \(ENOENT\)/);
  });

  it('gives the same digest for the same files, and another when one phrasing changes', () => {
    const dir = contentWith();
    const digest = loadContent(dir).training.digest;
    expect(loadContent(dir).training.digest).toBe(digest);
    expect(loadContent(SHIPPED_CONTENT).training.digest).toBe(digest);
    const file = join(dir, 'training', 'w-terse.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- VPR deadline?', '- VPR deadline??'));
    expect(loadContent(dir).training.digest).not.toBe(digest);
  });

  it('refuses files changed after loading rather than read them under the old digest', () => {
    const dir = contentWith();
    const content = loadContent(dir);
    const file = join(dir, 'training', 'w-terse.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- VPR deadline?', '- VPR deadline??'));
    expect(() => content.training.phrasings).toThrow(
      /training:1: the training files changed after the content was loaded/,
    );
  });
});
