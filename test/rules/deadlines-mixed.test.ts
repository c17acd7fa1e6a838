// Fixed windows next to deadlines relative to the person: the first institution's content with one rule of the
// second kind added (a made-up "staff who started in 2015 or later, within six years of their start date"): the
// earlier of the two decides, and the answer names the one that did.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { evaluateStatus, type Profile, parseMoment } from '../../src/rules/index.js';
import { contentWith } from '../support/content.js';

const dir = contentWith();
appendFileSync(
  join(dir, 'policy.yml'),
  `
deadlines:
  - id: new-staff
    when: { role: staff, startDate: { onOrAfter: 2015-01-01 } }
    after: startDate
    within: { years: 6 }
    reason: Staff who started in 2015 or later complete the training within six years of their start date.
    faq: training-requirement
`,
);
const content = loadContent(dir);
const at = (day: string) => parseMoment(day, content.schedule.cycle.timeZone);
const schoolStaff = (startDate: string): Profile => ({
  role: 'staff',
  area: 'school',
  paid: true,
  startDate,
});

describe('a fixed window and a deadline relative to the person: the earlier decides', () => {
  // [case, profile, day, deadline, rule the answer names]
  // biome-ignore format: one line per case
  it.each<[string, Profile, string, string, string]>([
    ['started 2012: the rule does not apply, the window decides', schoolStaff('2012-09-01'), '2021-01-20', '2021-02-17', 'paid-staff'],
    ['started 2015-02-01: six years is 2021-02-01, before the window ends', schoolStaff('2015-02-01'), '2021-01-20', '2021-02-01', 'new-staff'],
    ['started 2015-03-01: six years is 2021-03-01, after the window ends', schoolStaff('2015-03-01'), '2021-01-20', '2021-02-17', 'paid-staff'],
    ['faculty: the staff rule does not apply, the window decides', { role: 'faculty', paid: true, startDate: '2015-02-01' }, '2021-01-20', '2021-02-17', 'paid-faculty'],
  ])('%s', (_case, profile, day, deadline, rule) => {
    const status = evaluateStatus(profile, content, at(day));
    expect(status.deadline).toBe(deadline);
    expect(status.reasons.map((r) => r.rule)).toContain(rule);
    if (rule === 'new-staff') {
      expect(status.window).toBeNull();
      expect(status.group?.id).toBe('all-schools');
      expect(status.reasons.find((r) => r.rule === 'new-staff')?.text).toContain(
        'Counted from your start date (Sunday, February 1, 2015), your deadline is the end of Monday, February 1, 2021.',
      );
    } else {
      expect(status.window?.end).toBe(deadline);
      expect(status.personal).toBeNull();
    }
  });
});
