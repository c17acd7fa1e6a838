// "Do I need to take it?" from the shipped policy and schedule: one line per case, each naming its FAQ entry.
import { describe, expect, it } from 'vitest';
import { type Content, loadContent } from '../../src/content/load.js';
import type { Profile } from '../../src/content/profile.js';
import { evaluateStatus, groupFor, parseMoment, resolveGroup } from '../../src/rules/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const content = loadContent(SHIPPED_CONTENT);
const ZONE = content.schedule.cycle.timeZone;
/** A calendar day as `--on` reads it (noon in the cycle's zone), or an exact ISO instant. */
const at = (moment: string) => parseMoment(moment, ZONE);

const paidStaff: Profile = { role: 'staff', area: 'school', paid: true };
const paidFaculty: Profile = { role: 'faculty', paid: true };
const grad = (studyYear: number, more: Partial<Profile> = {}): Profile => ({
  role: 'graduate_student',
  studyYear,
  ...more,
});
/** Reason rule ids, space-separated, in the order the answer gives them. */
const rulesOf = (profile: Profile, moment = '2021-02-10') =>
  evaluateStatus(profile, content, at(moment))
    .reasons.map((r) => r.rule)
    .join(' ');
// The still-required notes every paid employee gets while the start date and the 2018 training are unknown.
const NOTES = 'onboarded-before-cutoff completed-2018-training';

describe('who must take it (shipped policy.yml)', () => {
  // [faq, case, profile, required, reason rules, missing]
  // biome-ignore format: one line per case
  it.each<[string, string, Profile, boolean | null, string, string[]]>([
    ['training-requirement', 'paid faculty', paidFaculty, true, `paid-faculty ${NOTES}`, []],
    ['training-requirement', 'paid staff in a school', paidStaff, true, `paid-staff ${NOTES}`, []],
    ['training-requirement', 'graduate student, year 3 (on the line)', grad(3), true, 'graduate-student-year-3-plus completed-2018-training', []],
    ['training-requirement', 'graduate student, year 5', grad(5), true, 'graduate-student-year-3-plus completed-2018-training', []],
    ['training-requirement', 'graduate student, year 2 (below the line)', grad(2), false, 'graduate-student-year-3-plus', []],
    ['training-requirement', 'graduate student, year 1', grad(1), false, 'graduate-student-year-3-plus', []],
    ['training-requirement', 'someone outside the populations', { role: 'other', paid: true }, false, 'outside-required-population', []],
    ['training-requirement', 'graduate student without a year of study', { role: 'graduate_student' }, null, 'graduate-student-year-3-plus', ['studyYear']],
    ['training-requirement', 'faculty without pay status', { role: 'faculty' }, null, 'paid-faculty unpaid-appointment', ['paid']],
    ['training-requirement', 'staff without pay status or area', { role: 'staff' }, null, 'paid-staff unpaid-appointment training-group', ['paid', 'area']],
    ['unpaid-appointment', 'unpaid faculty', { role: 'faculty', paid: false }, false, 'unpaid-appointment', []],
    ['unpaid-appointment', 'unpaid staff', { ...paidStaff, paid: false }, false, 'unpaid-appointment', []],
    ['unpaid-appointment', 'paid staff (the other side of the line)', paidStaff, true, `paid-staff ${NOTES}`, []],
    ['recent-onboarding', 'staff onboarded on the cutoff day', { ...paidStaff, startDate: '2020-07-01' }, false, 'onboarded-after-cutoff', []],
    ['recent-onboarding', 'faculty onboarded after the cutoff', { ...paidFaculty, startDate: '2020-09-15' }, false, 'onboarded-after-cutoff', []],
    ['recent-onboarding', 'staff onboarded the day before the cutoff', { ...paidStaff, startDate: '2020-06-30' }, true, `paid-staff ${NOTES}`, []],
    ['completed-2018', 'paid staff whose recorded completion is from 2018', { ...paidStaff, completed: { module: 'A', on: '2018-04-02' } }, true, `paid-staff ${NOTES}`, []],
    ['appointment-expiring', 'school staff ending on the deadline day', { ...paidStaff, appointmentEnd: '2021-02-17' }, false, 'appointment-ends-by-deadline', []],
    ['appointment-expiring', 'school staff ending the day after the deadline', { ...paidStaff, appointmentEnd: '2021-02-18' }, true, `paid-staff ${NOTES}`, []],
    ['appointment-expiring', 'VPR staff ending before their later deadline', { role: 'staff', area: 'vpr', paid: true, appointmentEnd: '2021-03-01' }, false, 'appointment-ends-by-deadline', []],
    ['appointment-expiring', 'faculty ending that same day, after their earlier deadline', { ...paidFaculty, appointmentEnd: '2021-03-01' }, true, `paid-faculty ${NOTES}`, []],
    ['appointment-expiring', 'graduate student of unknown year leaving by the deadline', { role: 'graduate_student', appointmentEnd: '2021-05-07' }, false, 'appointment-ends-by-deadline', []],
    ['sabbatical-leave', 'faculty on sabbatical', { ...paidFaculty, leave: 'sabbatical' }, true, `paid-faculty ${NOTES} on-leave`, []],
    ['sabbatical-leave', 'faculty on junior faculty leave', { ...paidFaculty, leave: 'junior_faculty_leave' }, true, `paid-faculty ${NOTES} on-leave`, []],
    ['sabbatical-leave', 'faculty not on leave', paidFaculty, true, `paid-faculty ${NOTES}`, []],
    ['graduating', 'graduating third-year student', grad(3, { graduating: true }), true, 'graduate-student-year-3-plus completed-2018-training graduating', []],
    ['graduating', 'third-year student not graduating', grad(3, { graduating: false }), true, 'graduate-student-year-3-plus completed-2018-training', []],
    ['graduating', 'graduating second-year student (not required at all)', grad(2, { graduating: true }), false, 'graduate-student-year-3-plus', []],
  ])('%s: %s', (_faq, _case, profile, required, rules, missing) => {
    const status = evaluateStatus(profile, content, at('2021-02-10'));
    expect(status.required).toBe(required);
    expect(rulesOf(profile)).toBe(rules);
    expect(status.missing).toEqual(missing);
    if (required === null) expect(status.state).toBe('unknown');
  });

  // The 2018 training is not a profile field: a completion recorded before this cycle's first window is it.
  // [faq, case, completion, state, counted completion]
  // biome-ignore format: one line per case
  it.each<[string, string, Profile['completed'], string, Profile['completed'] | null]>([
    ['completed-2018', 'a 2018 completion leaves it open', { module: 'A', on: '2018-04-02' }, 'open', null],
    ['completed-2018', 'a completion the day before the rollout is the earlier one', { module: 'A', on: '2021-01-12' }, 'open', null],
    ['completed-2018', 'a completion on the rollout day counts', { module: 'A', on: '2021-01-13' }, 'completed', { module: 'A', on: '2021-01-13' }],
  ])('%s: %s', (_faq, _case, completed, state, counted) => {
    const status = evaluateStatus({ ...paidStaff, ...(completed ? { completed } : {}) }, content, at('2021-02-10'));
    expect({ state: status.state, completed: status.completed }).toEqual({ state, completed: counted });
  });

  it('cites only FAQ entries that exist, for every reason and recommendation', () => {
    const ids = new Set(content.faq.entries.map((e) => e.id));
    const profiles: Profile[] = [
      paidStaff,
      { role: 'other' },
      { role: 'faculty' },
      { role: 'staff', paid: true, group: 'nope' },
      grad(2, { graduating: true, supervisor: true }),
      { ...paidFaculty, leave: 'sabbatical', appointmentEnd: '2021-01-31' },
    ];
    for (const profile of profiles) {
      const status = evaluateStatus(profile, content, at('2021-02-10'));
      for (const cited of [...status.reasons, ...status.recommendations]) expect(ids).toContain(cited.faq);
    }
  });

  it('explains why a second-year student is outside the requirement, quoting the year', () => {
    const [reason] = evaluateStatus(grad(2), content, at('2021-02-10')).reasons;
    expect(reason?.text).toMatch(/third year of study or above.*you are in year 2 of study\.$/);
  });
});

describe('"Yes, unless": an exemption the profile cannot settle (policy.yml `unless`)', () => {
  // [faq, case, profile, required, the exemptions it depends on]
  // biome-ignore format: one line per case
  it.each<[string, string, Profile, boolean | null, string[]]>([
    ['recent-onboarding', 'paid staff, no start date: required unless onboarded on or after July 1st, 2020', paidStaff, true, ['onboarded-after-cutoff']],
    ['recent-onboarding', 'paid faculty, no start date', paidFaculty, true, ['onboarded-after-cutoff']],
    ['recent-onboarding', 'paid staff onboarded before the cutoff: a plain yes', { ...paidStaff, startDate: '2015-07-01' }, true, []],
    ['recent-onboarding', 'paid staff onboarded on the cutoff: exempt, nothing to depend on', { ...paidStaff, startDate: '2020-07-01' }, false, []],
    ['training-requirement', 'a third-year graduate student: the onboarding exemption is for employees', grad(3), true, []],
    ['appointment-expiring', 'no appointment end: an open-ended appointment, not a fact left out', { ...paidStaff, startDate: '2015-07-01' }, true, []],
    ['training-requirement', 'a graduate student of unknown year: unknown, not "yes unless"', { role: 'graduate_student' }, null, []],
  ])('%s: %s', (faq, _case, profile, required, unless) => {
    const status = evaluateStatus(profile, content, at('2021-02-10'));
    expect(status.required).toBe(required);
    expect(status.unless.map((u) => u.rule)).toEqual(unless);
    for (const u of status.unless) {
      expect(u.faq).toBe(faq);
      expect(u.text).toBe('you were onboarded on or after July 1st, 2020');
    }
  });
});

describe('recommendations and contacts for the situation', () => {
  // [faq, case, profile, modules, contacts, recommendation rules]
  // biome-ignore format: one line per case
  it.each<[string, string, Profile, string[], string[], string[]]>([
    ['graduating', 'graduating student: Course C or E', grad(3, { graduating: true }), ['C', 'E'], [], ['graduating-modules']],
    ['graduating', 'not graduating: no module suggested', grad(3), [], [], []],
    ['appointment-expiring', 'appointment ending: the roster contact', { ...paidStaff, appointmentEnd: '2021-02-01' }, [], ['roster-removal'], ['expiring-appointment-roster']],
    ['appointment-expiring', 'appointment ending later: no roster contact', { ...paidStaff, appointmentEnd: '2021-06-30' }, [], [], []],
    ['unpaid-appointment', 'unpaid but may want access: the access contact', { role: 'faculty', paid: false }, [], ['unpaid-access'], ['unpaid-wants-access']],
    ['unpaid-appointment', 'paid: no access contact', paidFaculty, [], [], []],
    ['reporting-obligations', 'supervisor: reporting obligations', { ...paidStaff, supervisor: true }, [], ['idhr'], ['supervisor-reporting']],
    ['reporting-obligations', 'not a supervisor: no reporting note', { ...paidStaff, supervisor: false }, [], [], []],
    ['sabbatical-leave', 'on sabbatical: the sabbatical abroad contact', { ...paidFaculty, leave: 'sabbatical' }, [], ['sabbatical-abroad'], ['sabbatical-abroad-help']],
    ['sabbatical-leave', 'junior faculty leave: the leave contact, no abroad tip', { ...paidFaculty, leave: 'junior_faculty_leave' }, [], ['sabbatical-abroad'], []],
  ])('%s: %s', (_faq, _case, profile, modules, contacts, recommendations) => {
    const status = evaluateStatus(profile, content, at('2021-02-10'));
    expect(status.modules).toEqual(modules);
    expect(status.contacts).toEqual(contacts);
    expect(status.recommendations.map((r) => r.rule)).toEqual(recommendations);
  });
});

describe('training group (schedule.yml)', () => {
  // [case, profile, group id or null, missing]
  // biome-ignore format: one line per case
  it.each<[string, Profile, string | null, string[]]>([
    ['faculty belong to All Schools', paidFaculty, 'all-schools', []],
    ['school staff', paidStaff, 'all-schools', []],
    ['VP for Research staff', { role: 'staff', area: 'vpr' }, 'vp-research', []],
    ['central admin staff', { role: 'staff', area: 'central_admin' }, 'central-academic-admin', []],
    ['graduate students', grad(4), 'graduate-students', []],
    ['staff without an area cannot be placed', { role: 'staff', paid: true }, null, ['area']],
    ['an explicit group overrides role and area', { ...paidFaculty, group: 'vp-research' }, 'vp-research', []],
    ['an explicit group unknown to the schedule', { ...paidStaff, group: 'night-shift' }, null, ['group']],
    ['no group for other roles', { role: 'other' }, null, []],
  ])('%s', (_case, profile, id, missing) => {
    expect(groupFor(profile, content)?.id ?? null).toBe(id);
    expect(resolveGroup(profile, content).missing).toEqual(missing);
  });

  it('uses the explicit group for the deadline and the appointment rule', () => {
    const status = evaluateStatus(
      { ...paidFaculty, group: 'vp-research', appointmentEnd: '2021-03-01' },
      content,
      at('2021-02-10'),
    );
    expect(status).toMatchObject({ required: false, deadline: '2021-03-26', group: { id: 'vp-research' } });
  });

  it('says an unknown explicit group is not in the schedule instead of failing', () => {
    const status = evaluateStatus({ ...paidStaff, group: 'night-shift' }, content, at('2021-02-10'));
    expect(status).toMatchObject({
      required: true,
      state: 'unknown',
      group: null,
      deadline: null,
      missing: ['group'],
    });
    expect(status.reasons.at(-1)).toMatchObject({ rule: 'training-group', faq: 'rollout-schedule' });
    expect(status.reasons.at(-1)?.text).toContain('"night-shift", which is not in the');
  });
});

describe('state at a moment, in America/New_York (All Schools: January 13 – February 17)', () => {
  // [case, moment, state, daysLeft, daysLate, opensOn]
  // biome-ignore format: one line per case
  it.each<[string, string, string, number | null, number | null, string | null]>([
    ['one minute before the window opens', '2021-01-12T23:59-05:00', 'not_open_yet', null, null, '2021-01-13'],
    ['the first day, at midnight', '2021-01-13T00:00-05:00', 'open', 35, null, null],
    ['the day the issue names', '2021-02-10', 'open', 7, null, null],
    ['one minute before the last day', '2021-02-16T23:59-05:00', 'open', 1, null, null],
    ['the last day, from its first minute', '2021-02-17T00:00-05:00', 'due_today', 0, null, null],
    ['one minute before midnight at the deadline', '2021-02-17T23:59-05:00', 'due_today', 0, null, null],
    ['the same minute written in UTC (already Feb 18 there)', '2021-02-18T04:59Z', 'due_today', 0, null, null],
    ['one minute after midnight at the deadline', '2021-02-18T00:01-05:00', 'overdue', -1, 1, null],
    ['twelve days late', '2021-03-01', 'overdue', -12, 12, null],
  ])('%s (%s): %s', (_case, moment, state, daysLeft, daysLate, opensOn) => {
    const s = evaluateStatus(paidStaff, content, at(moment));
    const got = { state: s.state, daysLeft: s.daysLeft, daysLate: s.daysLate, opensOn: s.opensOn };
    expect(got).toEqual({ state, daysLeft, daysLate, opensOn });
    expect(s.deadline).toBe('2021-02-17');
  });
});

describe('across daylight-saving changes (an in-memory copy of the content with custom windows)', () => {
  const withWindow = (start: string, end: string): Content => ({
    ...content,
    schedule: {
      ...content.schedule,
      groups: content.schedule.groups.map((g) =>
        g.id === 'all-schools' ? { ...g, window: { start, end } } : g,
      ),
    },
  });
  const spanning = withWindow('2021-03-10', '2021-03-20'); // clocks spring forward on March 14
  const endingOnTheChange = withWindow('2021-03-01', '2021-03-14');
  const endingOnFallBack = withWindow('2021-10-25', '2021-11-07');

  // [case, content, moment, state, daysLeft]
  // biome-ignore format: one line per case
  it.each<[string, Content, string, string, number | null]>([
    ['spanning: one minute before it opens (EST)', spanning, '2021-03-09T23:59-05:00', 'not_open_yet', null],
    ['spanning: opens at midnight EST', spanning, '2021-03-10T00:00-05:00', 'open', 10],
    ['spanning: the day before the change', spanning, '2021-03-13', 'open', 7],
    ['spanning: the day after the change', spanning, '2021-03-15', 'open', 5],
    ['spanning: one minute before midnight at the deadline (EDT)', spanning, '2021-03-20T23:59-04:00', 'due_today', 0],
    ['spanning: one minute after midnight EDT (still the 20th by EST)', spanning, '2021-03-21T00:01-04:00', 'overdue', -1],
    ['ending on the 23-hour day: its first minute', endingOnTheChange, '2021-03-14T00:00-05:00', 'due_today', 0],
    ['ending on the 23-hour day: one minute before midnight EDT', endingOnTheChange, '2021-03-14T23:59-04:00', 'due_today', 0],
    ['ending on the 23-hour day: one minute after midnight EDT', endingOnTheChange, '2021-03-15T00:01-04:00', 'overdue', -1],
    ['ending on the 25-hour day: one minute before midnight EST', endingOnFallBack, '2021-11-07T23:59-05:00', 'due_today', 0],
    ['ending on the 25-hour day: midnight EST', endingOnFallBack, '2021-11-08T00:00-05:00', 'overdue', -1],
  ])('%s', (_case, custom, moment, state, daysLeft) => {
    const status = evaluateStatus(paidStaff, custom, at(moment));
    expect({ state: status.state, daysLeft: status.daysLeft }).toEqual({ state, daysLeft });
  });
});

describe('each state', () => {
  // [state, case, profile, moment, further fields]
  // biome-ignore format: one line per case
  it.each<[string, string, Profile, string, Record<string, unknown>]>([
    ['not_required', 'unpaid staff', { ...paidStaff, paid: false }, '2021-02-10', { daysLeft: null }],
    ['not_open_yet', 'third-year student before April', grad(3), '2021-03-01', { window: { start: '2021-04-05', end: '2021-05-07' }, opensOn: '2021-04-05' }],
    ['open', 'VPR staff in March', { role: 'staff', area: 'vpr', paid: true }, '2021-03-20', { daysLeft: 6 }],
    ['due_today', 'central admin staff on June 11', { role: 'staff', area: 'central_admin', paid: true }, '2021-06-11', { daysLeft: 0 }],
    ['overdue', 'third-year student in June', grad(3), '2021-06-01', { daysLeft: -25, daysLate: 25 }],
    ['completed', 'done with Course C while the window is open', { ...paidStaff, completed: { module: 'C', on: '2021-01-20' } }, '2021-02-10', { completed: { module: 'C', on: '2021-01-20' }, daysLeft: null }],
    ['completed', 'done before the window opened', grad(3, { completed: { module: 'E', on: '2021-03-01' } }), '2021-03-02', { required: true }],
    ['completed', 'done late, after the deadline', { ...paidStaff, completed: { module: 'A', on: '2021-02-20' } }, '2021-03-01', { daysLate: null }],
    ['completed', 'done although not required', { role: 'faculty', paid: false, completed: { module: 'B', on: '2021-02-01' } }, '2021-02-10', { required: false }],
    ['unknown', 'graduate student of unknown year', { role: 'graduate_student' }, '2021-03-01', { required: null, missing: ['studyYear'] }],
    ['unknown', 'required, but no area to find the window', { role: 'staff', paid: true }, '2021-03-01', { required: true, window: null, missing: ['area'] }],
  ])('%s: %s', (state, _case, profile, moment, further) => {
    expect(evaluateStatus(profile, content, at(moment))).toMatchObject({ state, ...further });
  });
});
