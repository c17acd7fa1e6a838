// The asker's own deadline in place of another group's that an FAQ answer names ("after the February 17
// deadline"), in a cycle within one year and in one that runs over a new year (FAQ requirement question 6).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplies } from '../../src/answer/replies.js';
import { type Content, loadContent } from '../../src/content/load.js';
import type { Profile } from '../../src/rules/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const STAFF: Profile = { role: 'staff', paid: true, area: 'central_admin', department: 'Finance' };

/** The 2025-26 cycle with question 6 worded as the shipped content words it: "after the … deadline". */
function crossingYear(): Content {
  const dir = mkdtempSync(join(tmpdir(), 'replies-deadline-'));
  cpSync(resolve(ROOT, 'test/fixtures/cycle-2025-26'), dir, { recursive: true });
  const faq = readFileSync(join(dir, 'faq.yml'), 'utf8');
  const edited = faq.replace(
    "after your group's deadline ({{deadline:all-schools}} for Faculty and School Staff)",
    'after the {{deadline:all-schools}} deadline',
  );
  expect(edited).not.toBe(faq);
  writeFileSync(join(dir, 'faq.yml'), edited);
  return loadContent(dir);
}

function fittedAnswer(content: Content, now: Date): string {
  const replies = createReplies(content, () => now);
  const entry = replies.entry('appointment-expiring');
  if (!entry) throw new Error('no appointment-expiring entry');
  return replies.fitted(replies.faq(entry, 1), {}, { profile: STAFF, now }).text;
}

describe("another group's deadline in an answer becomes the asker's", () => {
  it('with its year when the schedule runs over a new year', () => {
    const text = fittedAnswer(crossingYear(), new Date('2025-12-01T15:00:00Z'));
    // The FAQ's sentence, before fitting, names the schools' deadline with its year.
    expect(text).not.toContain('November 21, 2025 deadline');
    expect(text).toContain("after the February 13, 2026 deadline (your group's)");
  });

  it('as the source page writes it when the schedule is within one year', () => {
    const text = fittedAnswer(loadContent(resolve(ROOT, 'content')), new Date('2021-02-01T15:00:00Z'));
    expect(text).not.toContain('February 17 deadline');
    expect(text).toContain("after the June 11th deadline (your group's)");
  });
});
