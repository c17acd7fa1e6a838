// "Do I need to take it?" for someone a requirement's condition keeps out: the reply says which fact of their
// profile does it, for every key of the condition language (src/content/schemas.ts Condition), in the words the
// content gives it and never as a key or an id, in both institutions. Read as a person reads it: the "Check for
// me" result in Slack (escaped mrkdwn) and the plain text of the console and the CLI.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkResultForm } from '../../src/bot/replies/eligibility.js';
import { type Content, loadContent } from '../../src/content/load.js';
import type { Profile } from '../../src/content/profile.js';
import { CONDITION_KEYS, Condition } from '../../src/content/schemas.js';
import { evaluateStatus, parseMoment, renderStatusText } from '../../src/rules/index.js';
import { renderForm } from '../../src/slack/views/render.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const FIRST = loadContent(SHIPPED_CONTENT);
const BAYLINE = loadContent(resolve(import.meta.dirname, '../../examples/institutions/bayline'));
const INSTITUTIONS = { first: FIRST, bayline: BAYLINE } as const;
type Institution = keyof typeof INSTITUTIONS;
/** A day inside each institution's demo: the first's 2021 cycle, Bayline's demo roster day. */
const TODAY: Record<Institution, string> = { first: '2021-02-10', bayline: '2026-12-04' };

const REASON = 'Only the people this rule names are required.';

/** The institution's content with one requirement only, `when` (as the schema reads it from policy.yml). */
function requiring(content: Content, when: unknown): Content {
  const rule = {
    id: 'narrowed',
    when: Condition.parse(when),
    reason: REASON,
    faq: content.faq.entries[0]?.id ?? '',
  };
  return { ...content, policy: { ...content.policy, required: [{ ...rule, contacts: [] }] } };
}

/** Every text of some Block Kit, as Slack receives it. */
function slackText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        if (k === 'text' && typeof v === 'string') out.push(v);
        else walk(v);
      }
  };
  walk(blocks);
  return out.join('\n');
}

/** What the person reads: the Slack result of "Check for me", and the console's and CLI's plain text. */
function read(institution: Institution, when: unknown, profile: Profile) {
  const content = requiring(INSTITUTIONS[institution], when);
  const zone = content.schedule.cycle.timeZone;
  const status = evaluateStatus(profile, content, parseMoment(TODAY[institution], zone));
  return {
    status,
    slack: slackText(renderForm(checkResultForm(status, content)).blocks),
    text: renderStatusText(status, content),
  };
}

/** The ids of an institution that are not also words of its labels: none may reach a person. */
function internalIds(content: Content): string[] {
  const { roles, areas, leaves } = content.policy;
  const said = [
    ...roles.flatMap((r) => [r.label, r.youAre ?? '', r.plural ?? '']),
    ...areas.map((a) => a.label),
    ...leaves.map((l) => l.youAreOn),
    ...content.schedule.groups.map((g) => g.name),
  ]
    .join(' ')
    .toLowerCase();
  const ids = [roles, areas, leaves, content.schedule.groups].flatMap((list) => list.map((x) => x.id));
  return ids.filter((id) => !new RegExp(`\\b${id}\\b`).test(said));
}

const faculty: Profile = { role: 'faculty', paid: true, startDate: '2015-01-05' };
const staff: Profile = { role: 'staff', paid: true, area: 'school', startDate: '2015-01-05' };
const grad = (studyYear: number, more: Partial<Profile> = {}): Profile => ({
  role: 'graduate_student',
  studyYear,
  ...more,
});
const associate: Profile = { role: 'warehouse_associate', startDate: '2026-07-01' };

// [institution, the key that keeps them out, case, the requirement's condition, profile, why (after "According
// to your profile, ")]
// biome-ignore format: one line per case
const CASES: [Institution, (typeof CONDITION_KEYS)[number], string, unknown, Profile, string][] = [
  ['first', 'role', 'a role inside "not"', { paid: true, not: { role: 'faculty' } }, faculty, 'your role is faculty'],
  ['first', 'paid', 'paid staff, where unpaid staff are required', { role: 'staff', paid: false }, staff, 'your appointment is paid'],
  ['first', 'area', 'staff under the VP for Research, where schools are required', { role: 'staff', area: ['school', 'central_admin'] }, { ...staff, area: 'vpr' }, 'your appointment sits in the VP for Research'],
  ['first', 'department', 'a department not named', { role: 'staff', department: ['Biology', 'Chemistry'] }, { ...staff, department: 'Imaginary Physics' }, 'your department is Imaginary Physics'],
  ['first', 'studyYear', 'year 2, where years 3 and 4 are required', { role: 'graduate_student', studyYear: [3, 4] }, grad(2), 'you are in year 2 of study'],
  ['first', 'studyYearAtLeast', 'year 2, where year 3 and above are required', { role: 'graduate_student', studyYearAtLeast: 3 }, grad(2), 'you are in year 2 of study'],
  ['first', 'studyYearBelow', 'year 4, where years below 3 are required', { role: 'graduate_student', studyYearBelow: 3 }, grad(4), 'you are in year 4 of study'],
  ['first', 'startDate', 'onboarded before a date', { role: 'staff', startDate: { onOrAfter: '2018-01-01' } }, staff, 'you were onboarded on January 5, 2015'],
  ['first', 'appointmentEnd', 'an appointment with no end', { role: 'staff', appointmentEnd: { before: '2021-06-30' } }, staff, 'no appointment end is given'],
  ['first', 'appointmentEnd', 'an appointment ending later', { role: 'staff', appointmentEnd: { before: '2021-06-30' } }, { ...staff, appointmentEnd: '2022-08-31' }, 'your appointment ends on August 31, 2022'],
  ['first', 'leave', 'on sabbatical, where junior faculty leave is required', { role: 'faculty', leave: 'junior_faculty_leave' }, { ...faculty, leave: 'sabbatical' }, 'you are on sabbatical'],
  ['first', 'leave', 'not on leave', { role: 'faculty', leave: ['sabbatical', 'junior_faculty_leave'] }, faculty, 'you are not on leave'],
  ['first', 'graduating', 'not graduating', { role: 'graduate_student', graduating: true }, grad(3), 'you are not graduating'],
  ['first', 'graduating', 'graduating, where those staying are required', { role: 'graduate_student', graduating: false }, grad(3, { graduating: true }), 'you are graduating'],
  ['first', 'supervisor', 'no one to supervise', { role: 'staff', supervisor: true }, staff, 'you do not manage or direct the work of others'],
  ['first', 'seasonal', 'not seasonal', { role: 'staff', seasonal: true }, staff, 'your job is not seasonal or temporary'],
  ['first', 'hoursWorkedAtLeast', 'one hour worked', { role: 'staff', hoursWorkedAtLeast: 100 }, { ...staff, hoursWorked: 1 }, 'you have worked 1 hour'],
  ['first', 'hoursWorkedBelow', 'past the hours', { role: 'staff', hoursWorkedBelow: 100 }, { ...staff, hoursWorked: 120 }, 'you have worked 120 hours'],
  ['first', 'group', 'a group by its schedule.yml name', { role: 'staff', group: ['all-schools', 'central-academic-admin'] }, { ...staff, area: 'vpr' }, 'your training group is VP for Research'],
  ['first', 'onboardedOnOrAfterCutoff', 'onboarded before the cutoff', { role: 'staff', onboardedOnOrAfterCutoff: true }, staff, 'you were onboarded on January 5, 2015, before July 1, 2020'],
  ['first', 'appointmentEndsByDeadline', "an appointment past the group's deadline", { role: 'staff', appointmentEndsByDeadline: true }, { ...staff, appointmentEnd: '2022-08-31' }, "your appointment ends on August 31, 2022, after your group's deadline (February 17, 2021)"],
  ['first', 'completedEarlierTraining', 'an earlier cycle completed', { role: 'staff', completedEarlierTraining: false }, { ...staff, earlierCompletion: { module: 'E', on: '2019-03-01', cycle: 'earlier' } }, 'you completed the training in an earlier cycle'],
  ['first', 'anyOf', 'none of two', { role: 'staff', anyOf: [{ supervisor: true }, { area: 'vpr' }] }, staff, 'none of these applies to you: you manage or direct the work of others; your appointment sits in the VP for Research'],
  ['first', 'anyOf', 'none of two, each of two keys', { anyOf: [{ role: 'graduate_student', studyYearAtLeast: 3 }, { role: 'staff', area: 'vpr' }] }, staff, 'none of these applies to you: you are a graduate student and you are in year 3 of study or above; you are staff and your appointment sits in the VP for Research'],
  ['first', 'anyOf', 'a "not" among them', { role: 'staff', anyOf: [{ not: { area: 'school' } }, { hoursWorkedAtLeast: 100 }] }, { ...staff, hoursWorked: 5 }, 'none of these applies to you: your appointment does not sit in a school; you have worked at least 100 hours'],
  ['first', 'anyOf', 'a single condition', { role: 'staff', anyOf: [{ seasonal: true }] }, staff, 'your job is not seasonal or temporary'],
  ['first', 'not', 'on the leave it leaves out', { role: 'faculty', not: { leave: 'sabbatical' } }, { ...faculty, leave: 'sabbatical' }, 'you are on sabbatical'],
  ['first', 'not', 'an "anyOf" inside', { role: 'staff', not: { anyOf: [{ seasonal: true }, { area: 'school' }] } }, staff, 'your appointment sits in a school'],
  ['first', 'not', 'two keys inside', { role: 'staff', not: { paid: true, area: 'school' } }, staff, 'your appointment is paid and your appointment sits in a school'],
  ['first', 'not', 'a "not" inside', { role: 'staff', not: { not: { supervisor: true } } }, staff, 'you do not manage or direct the work of others'],
  ['bayline', 'seasonal', 'a regular associate', { seasonal: true }, associate, 'your job is not seasonal or temporary'],
  ['bayline', 'anyOf', 'the seasonal-temporary deadline rule', BAYLINE.policy.deadlines.find((d) => d.id === 'seasonal-temporary')?.when, associate, 'none of these applies to you: your job is seasonal or temporary; you are temporary agency staff'],
  ['bayline', 'hoursWorkedAtLeast', 'a seasonal worker at 90 hours', { hoursWorkedAtLeast: 100 }, { ...associate, seasonal: true, hoursWorked: 90 }, 'you have worked 90 hours'],
  ['bayline', 'hoursWorkedBelow', 'an agency temp at 104 hours', { hoursWorkedBelow: 100 }, { role: 'agency_temp', startDate: '2026-11-01', hoursWorked: 104 }, 'you have worked 104 hours'],
  ['bayline', 'supervisor', 'the supervisor course', BAYLINE.policy.requirements.find((r) => r.id === 'supervisor-course')?.when, associate, 'you do not manage or direct the work of others'],
  ['bayline', 'not', 'an agency temp, where agency staff are left out', { not: { role: 'agency_temp' } }, { role: 'agency_temp', startDate: '2026-11-01' }, 'your role is temporary agency staff'],
  ['bayline', 'role', 'a driver, where warehouse associates are required', { anyOf: [{ role: 'warehouse_associate' }] }, { role: 'driver', startDate: '2026-07-01' }, 'your role is driver'],
  ['bayline', 'leave', 'on parental leave, where it is left out', { not: { leave: ['medical_leave', 'parental_leave'] } }, { ...associate, leave: 'parental_leave' }, 'you are on parental leave'],
  ['bayline', 'leave', 'not on leave', { leave: 'medical_leave' }, associate, 'you are not on leave'],
  ['bayline', 'startDate', 'hired after a date', { startDate: { before: '2026-01-01' } }, associate, 'you were onboarded on July 1, 2026'],
  ['bayline', 'completedEarlierTraining', 'training from before', { completedEarlierTraining: false }, { ...associate, earlierCompletion: { module: 'E', on: '2024-03-01', cycle: 'earlier' } }, 'you completed the training in an earlier cycle'],
];

describe('why a requirement keeps someone out, for each key of the condition language', () => {
  it.each(CASES)('%s, %s: %s', (institution, _key, _case, when, profile, why) => {
    const { status, slack, text } = read(institution, when, profile);
    const sentence = `${REASON} According to your profile, ${why}.`;
    expect(status.required).toBe(false);
    expect(status.reasons.map((r) => r.text)).toEqual([sentence]);
    expect(text).toContain(sentence);
    expect(slack).toContain(sentence);
    for (const said of [slack, text]) {
      expect(said).not.toContain('does not match');
      // No key of the condition language (camelCase), and no quotes around a raw one.
      expect(said).not.toMatch(/According to your profile[^\n]*(?:\b[a-z]+[A-Z]\w*|")/);
      for (const id of internalIds(INSTITUTIONS[institution]))
        expect(said).not.toMatch(new RegExp(`\\b${id}\\b`));
    }
  });

  it('has a case for every key the condition schema allows', () => {
    expect(new Set(CASES.map(([, key]) => key))).toEqual(new Set(CONDITION_KEYS));
  });

  it.each<Institution>(['first', 'bayline'])('%s: the seasonal and hours keys are covered', (institution) => {
    const keys = CASES.filter(([i]) => i === institution).map(([, key]) => key);
    expect(keys).toEqual(
      expect.arrayContaining(['seasonal', 'hoursWorkedAtLeast', 'hoursWorkedBelow', 'anyOf', 'not']),
    );
  });
});

describe("the content's words and the person's are escaped for Slack, and read as written elsewhere", () => {
  it('an area label, a group name and a department with mrkdwn characters', () => {
    const content: Content = {
      ...FIRST,
      policy: {
        ...FIRST.policy,
        areas: FIRST.policy.areas.map((a) => (a.id === 'vpr' ? { ...a, label: 'Research & <Labs>' } : a)),
      },
      schedule: {
        ...FIRST.schedule,
        groups: FIRST.schedule.groups.map((g) => (g.id === 'vp-research' ? { ...g, name: 'R&D <east>' } : g)),
      },
    };
    const narrowed = requiring(content, {
      role: 'staff',
      area: 'school',
      department: 'Biology',
      group: 'all-schools',
    });
    const profile: Profile = { ...staff, area: 'vpr', department: '<!channel> & co' };
    const status = evaluateStatus(profile, narrowed, parseMoment(TODAY.first, FIRST.schedule.cycle.timeZone));
    const words =
      'your appointment sits in Research & <Labs> and your department is <!channel> & co and your training group is R&D <east>';
    expect(renderStatusText(status, narrowed)).toContain(`According to your profile, ${words}.`);
    const slack = slackText(renderForm(checkResultForm(status, narrowed)).blocks);
    expect(slack).toContain(
      'According to your profile, your appointment sits in Research &amp; &lt;Labs&gt; and your department is &lt;!channel&gt; &amp; co and your training group is R&amp;D &lt;east&gt;.',
    );
    expect(slack).not.toContain('<!channel>');
  });
});
