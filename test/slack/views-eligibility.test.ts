// The eligibility check modal and reading its submission.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECK_FIELD,
  checkForm,
  checkResultForm,
  PERSONAL_CHECK_FIELD,
  parseCheck,
} from '../../src/bot/replies/eligibility.js';
import type { Content } from '../../src/content/load.js';
import { loadContent } from '../../src/content/load.js';
import type { PersonalStatus } from '../../src/rules/index.js';
import { evaluateStatus, parseMoment } from '../../src/rules/index.js';
import { formValues, renderForm, type ViewStateValues } from '../../src/slack/views/render.js';
import { editedContentDir } from '../rules/edited-content.js';

// The form and its result as Slack's modals; a submission read from the modal's state.
const buildEligibilityModal = () => renderForm(checkForm(content));
const buildEligibilityResultModal = (status: PersonalStatus, c: Content) =>
  renderForm(checkResultForm(status, c));
const parseEligibilitySubmission = (values: ViewStateValues) => parseCheck(formValues(values), content);

import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { at, content, readable } from './views-support.js';

const select = (id: string, value: string) => ({
  [id]: { [id]: { type: 'static_select', selected_option: { value } } },
});
const date = (id: string, value: string | null) => ({
  [id]: { [id]: { type: 'datepicker', selected_date: value } },
});
const number = (id: string, value: string) => ({ [id]: { [id]: { type: 'number_input', value } } });

describe('buildEligibilityModal', () => {
  it('asks for each fact the rules use; only the role is required', () => {
    const modal = buildEligibilityModal();
    const inputs = modal.blocks.filter((b) => b.type === 'input') as {
      block_id: string;
      optional: boolean;
    }[];
    expect(inputs.map((b) => [b.block_id, b.optional])).toEqual([
      ['role', false],
      ['paid', true],
      ['study_year', true],
      ['start_date', true],
      ['supervisor', true],
      ['appointment_end', true],
      ['leave', true],
      ['graduating', true],
      ['area', true],
    ]);
    expect(checkBlockKitLimits(modal, 'modal')).toEqual([]);
  });
});

describe('the check asks only what applies to the role chosen', () => {
  it.each([
    ['graduate_student', ['role', 'study_year', 'graduating']],
    ['faculty', ['role', 'paid', 'start_date', 'supervisor', 'appointment_end', 'leave']],
    ['staff', ['role', 'paid', 'start_date', 'supervisor', 'appointment_end', 'area']],
    ['other', ['role']],
  ])('%s is asked %j', (role, asked) => {
    const fields = checkForm(content).items.flatMap((i) => (i.type === 'field' ? [i.field] : []));
    const applies = fields.filter((f) => !f.when || f.when.oneOf.includes(role)).map((f) => f.id);
    expect(applies).toEqual(asked);
  });
});

describe('the leave question', () => {
  it("offers the content's leaves (policy.yml leaves), by their labels, after 'Not on leave'", () => {
    const leave = checkForm(content).items.flatMap((i) =>
      i.type === 'field' && i.field.id === CHECK_FIELD.leave ? [i.field] : [],
    )[0];
    expect(leave?.input).toEqual({
      kind: 'select',
      options: [
        { label: 'Not on leave', value: 'none' },
        { label: 'Sabbatical', value: 'sabbatical' },
        { label: 'Junior faculty leave', value: 'junior_faculty_leave' },
      ],
    });
  });
});

describe('parseEligibilitySubmission', () => {
  it.each<[string, ViewStateValues, unknown]>([
    [
      'a paid staff member',
      {
        ...select(CHECK_FIELD.role, 'staff'),
        ...select(CHECK_FIELD.paid, 'yes'),
        ...select(CHECK_FIELD.area, 'central_admin'),
        ...date(CHECK_FIELD.startDate, '2015-01-05'),
        ...date(CHECK_FIELD.appointmentEnd, null),
      },
      { ok: true, profile: { role: 'staff', paid: true, area: 'central_admin', startDate: '2015-01-05' } },
    ],
    [
      'a graduate student graduating, not on leave',
      {
        ...select(CHECK_FIELD.role, 'graduate_student'),
        ...number(CHECK_FIELD.studyYear, '4'),
        ...select(CHECK_FIELD.graduating, 'yes'),
        ...select(CHECK_FIELD.leave, 'none'),
      },
      { ok: true, profile: { role: 'graduate_student', studyYear: 4, graduating: true } },
    ],
    ['nothing chosen', {}, { ok: false, errors: { role: 'Please choose your role.' } }],
    [
      'a year of study that is not a number',
      { ...select(CHECK_FIELD.role, 'graduate_student'), ...number(CHECK_FIELD.studyYear, 'three') },
      { ok: false, errors: { study_year: 'Please enter a whole number from 1 to 15 (got "three").' } },
    ],
    [
      'a role that is not offered',
      select(CHECK_FIELD.role, 'dean'),
      { ok: false, errors: { role: expect.stringContaining('Please check this answer') } },
    ],
    [
      'a faculty member on a leave the content declares',
      { ...select(CHECK_FIELD.role, 'faculty'), ...select(CHECK_FIELD.leave, 'junior_faculty_leave') },
      { ok: true, profile: { role: 'faculty', leave: 'junior_faculty_leave' } },
    ],
    [
      'a leave the content does not declare',
      { ...select(CHECK_FIELD.role, 'faculty'), ...select(CHECK_FIELD.leave, 'parental_leave') },
      {
        ok: false,
        errors: {
          leave:
            'Please check this answer (unknown leave, expected one of sabbatical, junior_faculty_leave).',
        },
      },
    ],
  ])('%s', (_name, values, expected) => {
    expect(parseEligibilitySubmission(values)).toEqual(expected);
  });
});

describe('buildEligibilityResultModal', () => {
  it('shows the status and that nothing was stored, with no submit button', () => {
    const status = evaluateStatus({ role: 'graduate_student', studyYear: 2 }, content, at('2021-04-10'));
    const modal = buildEligibilityResultModal(status, content);
    expect(modal.submit).toBeUndefined();
    expect(readable(modal.blocks)).toContain('Do you need to take it? No.');
    expect(readable(modal.blocks)).toContain('nothing was stored');
    expect(checkBlockKitLimits(modal, 'modal')).toEqual([]);
  });
});

describe('the result says what keeps someone out in the words the content gives it, never its ids', () => {
  /** The shipped content with the paid-staff or paid-faculty requirement narrowed by `when`. */
  const narrowed = (role: 'staff' | 'faculty', when: string) =>
    loadContent(
      editedContentDir('policy.yml', (p) => p.replace(`when: { role: ${role}, paid: true }`, when)),
    );
  const resultOf = (values: ViewStateValues, c: Content) => {
    const parsed = parseCheck(formValues(values), c);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return readable(
      buildEligibilityResultModal(evaluateStatus(parsed.profile, c, at('2021-02-10')), c).blocks,
    );
  };

  it('an area: staff under the VP for Research, where only schools and central administration are required', () => {
    const c = narrowed('staff', 'when: { role: staff, paid: true, area: [school, central_admin] }');
    const text = resultOf(
      {
        ...select(CHECK_FIELD.role, 'staff'),
        ...select(CHECK_FIELD.paid, 'yes'),
        ...select(CHECK_FIELD.area, 'vpr'),
        ...date(CHECK_FIELD.startDate, '2015-01-05'),
      },
      c,
    );
    expect(text).toContain('Do you need to take it? No.');
    expect(text).toContain('According to your profile, your appointment sits in the VP for Research.');
    expect(text).not.toMatch(/\bvpr\b/);
  });

  it.each([
    ['sabbatical', 'you are on sabbatical'],
    ['none', 'you are not on leave'],
  ])('a leave (%s), where only faculty on junior faculty leave are required', (leave, words) => {
    const c = narrowed('faculty', 'when: { role: faculty, paid: true, leave: junior_faculty_leave }');
    const text = resultOf(
      {
        ...select(CHECK_FIELD.role, 'faculty'),
        ...select(CHECK_FIELD.paid, 'yes'),
        ...select(CHECK_FIELD.leave, leave),
        ...date(CHECK_FIELD.startDate, '2015-01-05'),
      },
      c,
    );
    expect(text).toContain('Do you need to take it? No.');
    expect(text).toContain(`According to your profile, ${words}.`);
  });

  /** Bayline (examples/institutions/bayline) with its one requirement, `when: {}`, narrowed to `when`. */
  const BAYLINE = resolve(import.meta.dirname, '../../examples/institutions/bayline');
  const bayline = (when: string) =>
    loadContent(editedContentDir('policy.yml', (p) => p.replace('    when: {}\n', `    ${when}\n`), BAYLINE));
  const baylineResultOf = (values: ViewStateValues, c: Content) => {
    const parsed = parseCheck(formValues(values), c);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const status = evaluateStatus(parsed.profile, c, parseMoment('2026-12-04', c.schedule.cycle.timeZone));
    return readable(buildEligibilityResultModal(status, c).blocks);
  };
  const associate = {
    ...select(CHECK_FIELD.role, 'warehouse_associate'),
    ...date(CHECK_FIELD.startDate, '2026-07-01'),
  };

  it('seasonal or agency work (Bayline): a regular warehouse associate, none of the two', () => {
    const c = bayline('when: { anyOf: [{ seasonal: true }, { role: agency_temp }] }');
    const text = baylineResultOf({ ...associate, ...select(PERSONAL_CHECK_FIELD.seasonal, 'no') }, c);
    expect(text).toContain('Do you need to take it? No.');
    expect(text).toContain(
      'According to your profile, none of these applies to you: your job is seasonal or temporary; you are temporary agency staff.',
    );
    expect(text).not.toMatch(/does not match|agency_temp|"seasonal"|anyOf/);
  });

  it('hours worked (Bayline): a seasonal associate at 90 hours, where 100 are required', () => {
    const c = bayline('when: { seasonal: true, hoursWorkedAtLeast: 100 }');
    const text = baylineResultOf(
      {
        ...associate,
        ...select(PERSONAL_CHECK_FIELD.seasonal, 'yes'),
        ...number(PERSONAL_CHECK_FIELD.hoursWorked, '90'),
      },
      c,
    );
    expect(text).toContain('According to your profile, you have worked 90 hours.');
    expect(text).not.toMatch(/does not match|hoursWorked/);
  });
});
