// The eligibility check for someone without a roster record: a form asking what the rules need, its answers
// read back into a Profile (never stored), and the result shown in the same form.
import type { Content } from '../../content/load.js';
import { groupConditions, OTHER_DEPARTMENT } from '../../content/population.js';
import { namesProblems } from '../../content/profile.js';
import { roleChoice, rolesInWords } from '../../content/roles.js';
import {
  type Condition,
  NOT_ON_LEAVE,
  POLICY_CONDITION_LISTS,
  type RoleField,
} from '../../content/schemas.js';
import { type PersonalStatus, Profile } from '../../rules/index.js';
import { TEXT } from '../../text/messages.js';
import {
  type Choice,
  type Form,
  type FormErrors,
  type FormItem,
  type FormValues,
  field,
  note,
  text,
} from '../../text/reply.js';
import { statusParts } from './status.js';

export const CHECK_FORM = 'eligibility_check';
export const CHECK_RESULT_FORM = `${CHECK_FORM}_result`;

/** Field ids, one per Profile field the rules read. */
export const CHECK_FIELD = {
  role: 'role',
  paid: 'paid',
  studyYear: 'study_year',
  startDate: 'start_date',
  appointmentEnd: 'appointment_end',
  leave: 'leave',
  graduating: 'graduating',
  area: 'area',
} as const;
/**
 * The facts deadlines relative to the person brought in; asked like the others, when anything reads them (the
 * start of the current role: when a deadline counts from it).
 */
export const PERSONAL_CHECK_FIELD = {
  supervisor: 'supervisor',
  roleStart: 'role_start',
  seasonal: 'seasonal',
  hoursWorked: 'hours_worked',
} as const;
/** Asked only when the content's conditions read the department (a pilot, an excepted unit). */
export const DEPARTMENT_FIELD = 'department';
export type CheckField =
  | (typeof CHECK_FIELD)[keyof typeof CHECK_FIELD]
  | (typeof PERSONAL_CHECK_FIELD)[keyof typeof PERSONAL_CHECK_FIELD]
  | typeof DEPARTMENT_FIELD;

/** The leave question's first option; the others are the content's (policy.yml `leaves`). */
const NOT_ON_LEAVE_CHOICE: Choice = { label: 'Not on leave', value: NOT_ON_LEAVE };
const YES_NO: Choice[] = [
  { label: 'Yes', value: 'yes' },
  { label: 'No', value: 'no' },
];

/** A department the content does not name, as the form offers it. */
const OTHER_DEPARTMENT_CHOICE = 'other';

/**
 * The form asks what the content's rules read (every condition of policy.yml and of the groups in schedule.yml,
 * and the dates and hours a deadline counts from), each of the roles whose `fields` list it: a field nothing
 * reads, or no role is asked, is left out, and departments are offered as the content names them.
 */
export function checkForm(content: Content): Form {
  const asked = askedFields(content);
  const asks = (item: FormItem) =>
    item.type !== 'field' ||
    item.field.id === CHECK_FIELD.role ||
    (asked.has(item.field.id as CheckField) && item.field.when?.oneOf.length !== 0);
  const departments = namedDepartments(content);
  const { roles } = content.policy;
  // Who each question is for: the roles whose `fields` list it (policy.yml `roles`), so the form asks only
  // what applies to the role chosen; a question for every role has no condition and no "… only" hint.
  const forRoles = (field: RoleField, hint?: string) =>
    scoped(
      roles,
      roles.filter((r) => r.fields?.includes(field) ?? true),
      hint,
    );
  const items: FormItem[] = [
    text(TEXT.checkIntro),
    field({
      id: CHECK_FIELD.role,
      label: 'What is your role?',
      optional: false,
      input: {
        kind: 'select',
        options: roles.map((r) => ({ label: roleChoice(r), value: r.id })),
      },
    }),
    field({
      id: CHECK_FIELD.paid,
      label: 'Is your appointment paid?',
      optional: true,
      ...forRoles('paid'),
      input: { kind: 'select', options: YES_NO },
    }),
    field({
      id: CHECK_FIELD.studyYear,
      label: 'Your year of study',
      optional: true,
      ...forRoles('studyYear', '1 for your first year.'),
      input: { kind: 'number', min: 1, max: 15 },
    }),
    field({
      id: CHECK_FIELD.startDate,
      label: 'When were you onboarded?',
      optional: true,
      ...forRoles('startDate', 'the date your employment started.'),
      input: { kind: 'date' },
    }),
    field({
      id: PERSONAL_CHECK_FIELD.supervisor,
      label: 'Do you manage or direct the work of others?',
      optional: true,
      ...forRoles('supervisor'),
      input: { kind: 'select', options: YES_NO },
    }),
    field({
      id: PERSONAL_CHECK_FIELD.roleStart,
      label: 'When did you start your current role?',
      optional: true,
      ...forRoles('roleStart', 'the day you were hired into it or promoted to it.'),
      input: { kind: 'date' },
    }),
    field({
      id: PERSONAL_CHECK_FIELD.seasonal,
      label: 'Is your job seasonal or temporary?',
      optional: true,
      ...forRoles('seasonal'),
      input: { kind: 'select', options: YES_NO },
    }),
    field({
      id: PERSONAL_CHECK_FIELD.hoursWorked,
      label: 'How many hours have you worked so far?',
      optional: true,
      ...forRoles('hoursWorked'),
      input: { kind: 'number', min: 0, max: 100000 },
    }),
    field({
      id: CHECK_FIELD.appointmentEnd,
      label: 'When does your appointment end?',
      optional: true,
      ...forRoles('appointmentEnd', 'leave empty if it does not end soon.'),
      input: { kind: 'date' },
    }),
    field({
      id: CHECK_FIELD.leave,
      label: 'Are you on leave?',
      optional: true,
      ...forRoles('leave'),
      input: {
        kind: 'select',
        options: [
          NOT_ON_LEAVE_CHOICE,
          ...content.policy.leaves.map((l) => ({ label: l.label, value: l.id })),
        ],
      },
    }),
    field({
      id: CHECK_FIELD.graduating,
      label: 'Are you graduating at the end of the current term?',
      optional: true,
      ...forRoles('graduating'),
      input: { kind: 'select', options: YES_NO },
    }),
    field({
      id: CHECK_FIELD.area,
      label: 'Where does your appointment sit?',
      optional: true,
      ...forRoles('area', 'this decides your training group.'),
      // The areas are the content's (policy.yml `areas`), each offered as its `choice` (else its label).
      input: {
        kind: 'select',
        options: content.policy.areas.map((a) => ({ label: a.choice ?? a.label, value: a.id })),
      },
    }),
    field({
      id: DEPARTMENT_FIELD,
      label: 'Which department or unit is your appointment in?',
      optional: true,
      ...scoped(
        roles,
        roles.filter((r) => departments.roles === null || departments.roles.includes(r.id)),
        'some departments and units have their own group or rules.',
      ),
      input: {
        kind: 'select',
        options: [
          ...departments.names.map((d) => ({ label: d.slice(0, 75), value: d })),
          { label: 'Another department or unit', value: OTHER_DEPARTMENT_CHOICE },
        ],
      },
    }),
  ];
  return {
    id: CHECK_FORM,
    title: TEXT.checkTitle,
    submit: TEXT.checkSubmit,
    close: 'Cancel',
    items: items.filter(asks),
  };
}

/**
 * A question for some of the roles: asked only of them (`when`), with a hint saying whom it is for ("Faculty
 * and staff only: …", in the content's words for them), then `hint`. For every role: no condition.
 */
function scoped(
  all: Content['policy']['roles'],
  these: Content['policy']['roles'],
  hint?: string,
): { when?: { field: string; oneOf: string[] }; hint?: string } {
  const sentence = (words: string) => `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
  if (these.length === all.length) return hint === undefined ? {} : { hint: sentence(hint) };
  const who = sentence(rolesInWords(these));
  return {
    when: { field: CHECK_FIELD.role, oneOf: these.map((r) => r.id) },
    hint: hint === undefined ? `${who} only.` : `${who} only: ${hint}`,
  };
}

/** The condition keys that make each field worth asking. */
const FIELD_KEYS: Record<CheckField, readonly (keyof Condition)[]> = {
  role: ['role'],
  paid: ['paid'],
  study_year: ['studyYear', 'studyYearAtLeast', 'studyYearBelow'],
  start_date: ['startDate', 'onboardedOnOrAfterCutoff'],
  appointment_end: ['appointmentEnd', 'appointmentEndsByDeadline'],
  leave: ['leave'],
  graduating: ['graduating'],
  area: ['area'],
  department: ['department'],
  supervisor: ['supervisor'],
  role_start: [],
  seasonal: ['seasonal'],
  hours_worked: ['hoursWorkedAtLeast', 'hoursWorkedBelow'],
};

/**
 * The fields the content's rules read: the keys of every condition, and what its deadlines relative to the person
 * count from (a profile date; hours worked, for "or N hours, whichever first").
 */
function askedFields(content: Content): Set<CheckField> {
  const keys = conditionKeys(content);
  const fields = new Set<CheckField>();
  for (const [id, read] of Object.entries(FIELD_KEYS) as [CheckField, readonly (keyof Condition)[]][])
    if (read.some((k) => keys.has(k))) fields.add(id);
  for (const d of content.policy.deadlines) {
    if (d.after === 'startDate' || d.after === 'roleStart') fields.add(CHECK_FIELD.startDate);
    if (d.after === 'roleStart') fields.add(PERSONAL_CHECK_FIELD.roleStart);
    if (d.within.hours !== undefined) fields.add(PERSONAL_CHECK_FIELD.hoursWorked);
  }
  return fields;
}

/**
 * Every condition the rules evaluate: policy.yml's rules, recommendations, requirements and deadlines, and the
 * groups' members and exceptions (schedule.yml). One left out here is a fact the form would never ask.
 */
function allConditions(content: Pick<Content, 'policy' | 'schedule'>): Condition[] {
  const { policy } = content;
  return [
    ...POLICY_CONDITION_LISTS.flatMap((list) => policy[list].map((r) => r.when)),
    ...groupConditions(content.schedule),
  ];
}

function walk(condition: Condition, visit: (c: Condition) => void): void {
  visit(condition);
  for (const inner of condition.anyOf ?? []) walk(inner, visit);
  if (condition.not) walk(condition.not, visit);
}

function conditionKeys(content: Content): Set<keyof Condition> {
  const keys = new Set<keyof Condition>();
  for (const c of allConditions(content)) {
    walk(c, (inner) => {
      for (const key of Object.keys(inner) as (keyof Condition)[])
        if (inner[key] !== undefined) keys.add(key);
    });
  }
  return keys;
}

/** The departments the content names, and the roles its department conditions are about (null: every role). */
function namedDepartments(content: Content): { names: string[]; roles: string[] | null } {
  const names: string[] = [];
  const roles = new Set<string>();
  let anyRole = false;
  for (const c of allConditions(content)) {
    walk(c, (inner) => {
      if (inner.department === undefined) return;
      names.push(...[inner.department].flat());
      if (inner.role === undefined && c.role === undefined) anyRole = true;
      for (const r of [inner.role ?? c.role ?? []].flat()) roles.add(r);
    });
  }
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()].slice(0, 99);
  return { names: unique, roles: anyRole || roles.size === 0 ? null : [...roles] };
}

export type CheckSubmission = { ok: true; profile: Profile } | { ok: false; errors: FormErrors };

const FIELD_OF_PATH: Record<string, CheckField> = {
  role: CHECK_FIELD.role,
  paid: CHECK_FIELD.paid,
  studyYear: CHECK_FIELD.studyYear,
  startDate: CHECK_FIELD.startDate,
  appointmentEnd: CHECK_FIELD.appointmentEnd,
  leave: CHECK_FIELD.leave,
  graduating: CHECK_FIELD.graduating,
  area: CHECK_FIELD.area,
  department: DEPARTMENT_FIELD,
  supervisor: PERSONAL_CHECK_FIELD.supervisor,
  roleStart: PERSONAL_CHECK_FIELD.roleStart,
  seasonal: PERSONAL_CHECK_FIELD.seasonal,
  hoursWorked: PERSONAL_CHECK_FIELD.hoursWorked,
};

/**
 * Reads the form's answers into a Profile; errors are keyed by field id. A role, area or leave the content does
 * not declare is refused like any other bad answer.
 */
export function parseCheck(values: FormValues, content: Pick<Content, 'policy'>): CheckSubmission {
  const read = (id: CheckField) => {
    const raw = values[id]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const yesNo = (v: string | undefined) => (v === undefined ? undefined : v === 'yes');
  const year = read(CHECK_FIELD.studyYear);
  const hours = read(PERSONAL_CHECK_FIELD.hoursWorked);
  const leave = read(CHECK_FIELD.leave);
  const department = read(DEPARTMENT_FIELD);
  const candidate: Record<string, unknown> = {
    role: read(CHECK_FIELD.role),
    paid: yesNo(read(CHECK_FIELD.paid)),
    studyYear: year === undefined ? undefined : /^\d+$/.test(year) ? Number(year) : year,
    startDate: read(CHECK_FIELD.startDate),
    appointmentEnd: read(CHECK_FIELD.appointmentEnd),
    leave: leave === NOT_ON_LEAVE ? undefined : leave,
    graduating: yesNo(read(CHECK_FIELD.graduating)),
    area: read(CHECK_FIELD.area),
    supervisor: yesNo(read(PERSONAL_CHECK_FIELD.supervisor)),
    roleStart: read(PERSONAL_CHECK_FIELD.roleStart),
    seasonal: yesNo(read(PERSONAL_CHECK_FIELD.seasonal)),
    hoursWorked: hours === undefined ? undefined : /^\d+(?:\.\d+)?$/.test(hours) ? Number(hours) : hours,
    // One the content does not name: a value no department condition matches.
    department: department === OTHER_DEPARTMENT_CHOICE ? OTHER_DEPARTMENT : department,
  };
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
  const parsed = Profile.safeParse(candidate);
  const issues = parsed.success
    ? namesProblems(parsed.data, content.policy).map((p) => ({ path: [p.path], message: p.message }))
    : parsed.error.issues;
  if (parsed.success && issues.length === 0) return { ok: true, profile: parsed.data };
  const errors: FormErrors = {};
  for (const issue of issues) {
    const id = FIELD_OF_PATH[String(issue.path[0])];
    if (!id || errors[id]) continue;
    errors[id] =
      id === CHECK_FIELD.role && candidate['role'] === undefined
        ? 'Please choose your role.'
        : id === CHECK_FIELD.studyYear
          ? `Please enter a whole number from 1 to 15 (got ${JSON.stringify(String(candidate['studyYear']))}).`
          : `Please check this answer (${issue.message}).`;
  }
  return { ok: false, errors };
}

export function checkResultForm(status: PersonalStatus, content: Content): Form {
  return {
    id: CHECK_RESULT_FORM,
    title: TEXT.checkTitle,
    close: 'Done',
    items: [...statusParts(status, content), note(TEXT.checkResultNote)],
  };
}
