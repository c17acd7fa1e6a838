// A new cycle is a content change only: edited copies of schedule.yml and policy.yml move the outcome.
import { describe, expect, it } from 'vitest';
import { type Content, loadContent } from '../../src/content/load.js';
import type { Profile } from '../../src/content/profile.js';
import { evaluateStatus, parseMoment } from '../../src/rules/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { editedContentDir, toCycle2023 } from './edited-content.js';

const editedContent = (file: string, edit: (text: string) => string): Content =>
  loadContent(editedContentDir(file, edit));

const shipped = loadContent(SHIPPED_CONTENT);
const nextCycle = editedContent('schedule.yml', toCycle2023);
const laterCutoff = editedContent('policy.yml', (t) =>
  t.replace('onboardingCutoff: 2020-07-01', 'onboardingCutoff: 2022-07-01'),
);
const fromYearTwo = editedContent('policy.yml', (t) =>
  t.replace('studyYearAtLeast: 3', 'studyYearAtLeast: 2'),
);
const honolulu = editedContent('schedule.yml', (t) =>
  t.replace('timeZone: America/New_York', 'timeZone: Pacific/Honolulu'),
);

const paidStaff: Profile = { role: 'staff', area: 'school', paid: true };
const outcome = (profile: Profile, content: Content, moment: string) => {
  const s = evaluateStatus(profile, content, parseMoment(moment, content.schedule.cycle.timeZone));
  return `${s.required} ${s.state} ${s.deadline} ${s.daysLeft}`;
};

describe('a new cycle is a content change', () => {
  // [what changed, changed content, profile, moment, outcome with shipped content, outcome with the change]
  // biome-ignore format: one line per case
  it.each<[string, Content, Profile, string, string, string]>([
    ['schedule: the 2023 windows', nextCycle, paidStaff, '2023-02-10', 'true overdue 2021-02-17 -723', 'true open 2023-02-17 7'],
    ['schedule: the 2023 windows, before they open', nextCycle, paidStaff, '2022-12-01', 'true overdue 2021-02-17 -652', 'true not_open_yet 2023-02-17 null'],
    ['schedule: a 2021 completion is the earlier training in 2023', nextCycle, { ...paidStaff, completed: { module: 'C', on: '2021-02-01' } }, '2023-02-10', 'true completed 2021-02-17 null', 'true open 2023-02-17 7'],
    ['schedule: the cycle time zone', honolulu, paidStaff, '2021-02-18T05:30Z', 'true overdue 2021-02-17 -1', 'true due_today 2021-02-17 0'],
    ['policy: a later onboarding cutoff', laterCutoff, { ...paidStaff, startDate: '2021-09-01' }, '2021-02-10', 'false not_required 2021-02-17 null', 'true open 2021-02-17 7'],
    ['policy: graduate students from year 2', fromYearTwo, { role: 'graduate_student', studyYear: 2 }, '2021-04-06', 'false not_required 2021-05-07 null', 'true open 2021-05-07 31'],
  ])('%s', (_what, changed, profile, moment, before, after) => {
    expect(outcome(profile, shipped, moment)).toBe(before);
    expect(outcome(profile, changed, moment)).toBe(after);
  });

  it('cites the earlier training when a completion predates the cycle', () => {
    const profile: Profile = { ...paidStaff, completed: { module: 'C', on: '2021-02-01' } };
    const status = evaluateStatus(profile, nextCycle, parseMoment('2023-02-10', 'America/New_York'));
    expect(status.completed).toBeNull();
    expect(status.reasons.map((r) => r.rule)).toContain('completed-2018-training');
  });
});
