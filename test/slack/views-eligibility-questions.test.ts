// Which questions "Check for me" asks: every fact a condition of the content reads, wherever the condition lives
// (who is required or exempt, not only the deadlines relative to the person), and nothing else.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECK_FIELD,
  checkForm,
  checkResultForm,
  PERSONAL_CHECK_FIELD,
  parseCheck,
} from '../../src/bot/replies/eligibility.js';
import { type Content, loadContent } from '../../src/content/load.js';
import { evaluateStatus } from '../../src/rules/index.js';
import { formValues, renderForm, type ViewStateValues } from '../../src/slack/views/render.js';
import { editedContentDir } from '../rules/edited-content.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { at, readable } from './views-support.js';

const BAYLINE = resolve(import.meta.dirname, '../../examples/institutions/bayline');

interface Question {
  label: string;
  hint?: string;
}

/** The questions of the modal, as a person reads them: each label, and its hint where it has one. */
function questionsOf(c: Content): Question[] {
  const modal = renderForm(checkForm(c));
  expect(checkBlockKitLimits(modal, 'modal')).toEqual([]);
  return (modal.blocks as { type: string; label?: { text: string }; hint?: { text: string } }[])
    .filter((b) => b.type === 'input')
    .map((b) => ({ label: b.label?.text ?? '', ...(b.hint ? { hint: b.hint.text } : {}) }));
}
const labelsOf = (c: Content) => questionsOf(c).map((q) => q.label);

const SUPERVISOR = 'Do you manage or direct the work of others?';
const SEASONAL = 'Is your job seasonal or temporary?';
const HOURS = 'How many hours have you worked so far?';
const ROLE_START = 'When did you start your current role?';

const select = (id: string, value: string) => ({
  [id]: { [id]: { type: 'static_select', selected_option: { value } } },
});
const date = (id: string, value: string) => ({
  [id]: { [id]: { type: 'datepicker', selected_date: value } },
});
const number = (id: string, value: string) => ({ [id]: { [id]: { type: 'number_input', value } } });

/** The result modal for what someone entered, as they read it, on a day inside the 2021 cycle. */
function resultOf(values: ViewStateValues, c: Content): string {
  const parsed = parseCheck(formValues(values), c);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return readable(renderForm(checkResultForm(evaluateStatus(parsed.profile, c, at('2021-02-10')), c)).blocks);
}

/** A paid staff member onboarded long before the cutoff: required by the shipped content. */
const paidStaff = {
  ...select(CHECK_FIELD.role, 'staff'),
  ...select(CHECK_FIELD.paid, 'yes'),
  ...select(CHECK_FIELD.area, 'central_admin'),
  ...date(CHECK_FIELD.startDate, '2015-01-05'),
};

/**
 * The shipped policy.yml with one rule edited, and the roles' `fields` set so that only staff are asked what
 * the edit adds (faculty are not asked whether they supervise, staff are asked `staffFields` beside the rest).
 */
const shippedWith = (staffFields: string, rule: (policy: string) => string) =>
  loadContent(
    editedContentDir('policy.yml', (p) =>
      rule(
        p
          .replace(
            'fields: [paid, startDate, appointmentEnd, area, supervisor]',
            `fields: [paid, startDate, appointmentEnd, area, ${staffFields}]`,
          )
          .replace(
            'fields: [paid, startDate, appointmentEnd, leave, supervisor]',
            'fields: [paid, startDate, appointmentEnd, leave]',
          ),
      ),
    ),
  );

describe('the shipped content and Bayline ask what they asked before', () => {
  it('the shipped content: its roles, rules, recommendations and groups, nothing of the deadlines relative to the person', () => {
    // Its recommendation for supervisors reads `supervisor`, which faculty and staff are asked.
    expect(questionsOf(loadContent(SHIPPED_CONTENT))).toEqual([
      { label: 'What is your role?' },
      { label: 'Is your appointment paid?', hint: 'Faculty and staff only.' },
      { label: 'Your year of study', hint: 'Graduate students only: 1 for your first year.' },
      {
        label: 'When were you onboarded?',
        hint: 'Faculty and staff only: the date your employment started.',
      },
      { label: SUPERVISOR, hint: 'Faculty and staff only.' },
      {
        label: 'When does your appointment end?',
        hint: 'Faculty and staff only: leave empty if it does not end soon.',
      },
      { label: 'Are you on leave?', hint: 'Faculty only.' },
      { label: 'Are you graduating at the end of the current term?', hint: 'Graduate students only.' },
      { label: 'Where does your appointment sit?', hint: 'Staff only: this decides your training group.' },
    ]);
  });

  it('Bayline: what its deadlines read, and no leave (no rule reads one)', () => {
    expect(labelsOf(loadContent(BAYLINE))).toEqual([
      'What is your role?',
      'When were you onboarded?',
      SUPERVISOR,
      ROLE_START,
      SEASONAL,
      HOURS,
    ]);
  });
});

describe('a fact read only by who is required or exempt is asked, and the answer follows it', () => {
  it('a `required` rule reading `supervisor`: asked of staff, and a supervisor is required, anyone else not', () => {
    const c = shippedWith('supervisor', (p) =>
      p.replace('when: { role: staff, paid: true }', 'when: { role: staff, paid: true, supervisor: true }'),
    );
    expect(questionsOf(c)).toContainEqual({ label: SUPERVISOR, hint: 'Staff only.' });
    // Nothing reads the others the deadlines relative to the person brought in.
    expect(labelsOf(c)).not.toContain(SEASONAL);
    expect(labelsOf(c)).not.toContain(HOURS);
    expect(labelsOf(c)).not.toContain(ROLE_START);

    const yes = resultOf({ ...paidStaff, ...select(PERSONAL_CHECK_FIELD.supervisor, 'yes') }, c);
    expect(yes).toContain('Do you need to take it? Yes.');
    const no = resultOf({ ...paidStaff, ...select(PERSONAL_CHECK_FIELD.supervisor, 'no') }, c);
    expect(no).toContain('Do you need to take it? No.');
    expect(no).toContain('According to your profile, you do not manage or direct the work of others.');
  });

  it('an `exempt` rule reading `seasonal` and hours: asked of staff, and only a short seasonal job is exempt', () => {
    const c = shippedWith('seasonal, hoursWorked', (p) =>
      p.replace(
        'exempt:\n',
        [
          'exempt:',
          '  - id: short-seasonal',
          '    when: { role: staff, seasonal: true, hoursWorkedBelow: 100 }',
          '    reason: Seasonal and temporary staff early in their work here are not required to take the training.',
          '    faq: training-requirement',
          '',
        ].join('\n'),
      ),
    );
    const questions = questionsOf(c);
    expect(questions).toContainEqual({ label: SEASONAL, hint: 'Staff only.' });
    expect(questions).toContainEqual({ label: HOURS, hint: 'Staff only.' });
    expect(labelsOf(c)).not.toContain(SUPERVISOR);

    const seasonal = (hours: string) => ({
      ...paidStaff,
      ...select(PERSONAL_CHECK_FIELD.seasonal, 'yes'),
      ...number(PERSONAL_CHECK_FIELD.hoursWorked, hours),
    });
    const short = resultOf(seasonal('90'), c);
    expect(short).toContain('Do you need to take it? No.');
    expect(short).toContain('Seasonal and temporary staff early in their work here are not required');
    expect(resultOf(seasonal('120'), c)).toContain('Do you need to take it? Yes.');
    expect(resultOf({ ...paidStaff, ...select(PERSONAL_CHECK_FIELD.seasonal, 'no') }, c)).toContain(
      'Do you need to take it? Yes.',
    );
  });

  it('a role with no `fields` (every fact applies) is asked a fact only a `required` rule reads', () => {
    const c = loadContent(
      editedContentDir('policy.yml', (p) =>
        p
          .replace('    fields: [paid, startDate, appointmentEnd, leave, supervisor]\n', '')
          // Staff are not asked whether they supervise: only the role with no `fields` is.
          .replace(
            'fields: [paid, startDate, appointmentEnd, area, supervisor]',
            'fields: [paid, startDate, appointmentEnd, area]',
          )
          .replace(
            'when: { role: faculty, paid: true }',
            'when: { role: faculty, paid: true, supervisor: true }',
          ),
      ),
    );
    expect(questionsOf(c)).toContainEqual({ label: SUPERVISOR, hint: 'Faculty only.' });
  });
});

describe('the conditions of deadlines relative to the person are read like the others', () => {
  it("a requirement by department (Bayline): the department is asked, offering the requirement's", () => {
    const c = loadContent(
      editedContentDir(
        'policy.yml',
        (p) =>
          p.replace(
            'when: { supervisor: true }\n    modules',
            'when: { department: Cold Storage }\n    modules',
          ),
        BAYLINE,
      ),
    );
    const department = checkForm(c).items.flatMap((i) =>
      i.type === 'field' && i.field.id === 'department' ? [i.field] : [],
    )[0];
    expect(department?.input).toEqual({
      kind: 'select',
      options: [
        { label: 'Cold Storage', value: 'Cold Storage' },
        { label: 'Another department or unit', value: 'other' },
      ],
    });
  });
});
