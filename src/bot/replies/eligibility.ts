// The eligibility check for someone without a roster record: a form asking what the rules need, its answers
// read back into a Profile (never stored), and the result shown in the same form.
import type { Content } from '../../content/load.js';
import { Area, Leave, Role } from '../../content/schemas.js';
import { type PersonalStatus, Profile } from '../../rules/index.js';
import { ROLE_LABEL } from '../../text/format.js';
import { TEXT } from '../../text/messages.js';
import {
  type Choice,
  type Form,
  type FormErrors,
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
export type CheckField = (typeof CHECK_FIELD)[keyof typeof CHECK_FIELD];

const AREA_LABEL: Record<Area, string> = {
  school: 'A school (including faculty)',
  vpr: 'The VP for Research',
  central_admin: 'Central and academic administration',
};
const LEAVE_LABEL: Record<Leave | 'none', string> = {
  none: 'Not on leave',
  sabbatical: 'Sabbatical',
  junior_faculty_leave: 'Junior faculty leave',
};
// Who each question is for: the form asks only what applies to the role chosen.
const EMPLOYEES: Role[] = ['faculty', 'staff'];
const FACULTY: Role[] = ['faculty'];
const STAFF: Role[] = ['staff'];
const STUDENTS: Role[] = ['graduate_student'];

const YES_NO: Choice[] = [
  { label: 'Yes', value: 'yes' },
  { label: 'No', value: 'no' },
];

export function checkForm(): Form {
  return {
    id: CHECK_FORM,
    title: TEXT.checkTitle,
    submit: TEXT.checkSubmit,
    close: 'Cancel',
    items: [
      text(TEXT.checkIntro),
      field({
        id: CHECK_FIELD.role,
        label: 'What is your role?',
        optional: false,
        input: {
          kind: 'select',
          options: Role.options.map((r) => ({ label: ROLE_LABEL[r].choice, value: r })),
        },
      }),
      field({
        id: CHECK_FIELD.paid,
        label: 'Is your appointment paid?',
        optional: true,
        when: { field: CHECK_FIELD.role, oneOf: EMPLOYEES },
        hint: 'Faculty and staff only.',
        input: { kind: 'select', options: YES_NO },
      }),
      field({
        id: CHECK_FIELD.studyYear,
        label: 'Your year of study',
        optional: true,
        when: { field: CHECK_FIELD.role, oneOf: STUDENTS },
        hint: 'Graduate students only: 1 for your first year.',
        input: { kind: 'number', min: 1, max: 15 },
      }),
      field({
        id: CHECK_FIELD.startDate,
        label: 'When were you onboarded?',
        optional: true,
        when: { field: CHECK_FIELD.role, oneOf: EMPLOYEES },
        hint: 'Faculty and staff: the date your employment started.',
        input: { kind: 'date' },
      }),
      field({
        id: CHECK_FIELD.appointmentEnd,
        label: 'When does your appointment end?',
        optional: true,
        when: { field: CHECK_FIELD.role, oneOf: EMPLOYEES },
        hint: 'Leave empty if it does not end soon.',
        input: { kind: 'date' },
      }),
      field({
        id: CHECK_FIELD.leave,
        label: 'Are you on leave?',
        optional: true,
        when: { field: CHECK_FIELD.role, oneOf: FACULTY },
        input: {
          kind: 'select',
          options: (['none', ...Leave.options] as const).map((l) => ({ label: LEAVE_LABEL[l], value: l })),
        },
      }),
      field({
        id: CHECK_FIELD.graduating,
        label: 'Are you graduating at the end of this semester?',
        optional: true,
        when: { field: CHECK_FIELD.role, oneOf: STUDENTS },
        input: { kind: 'select', options: YES_NO },
      }),
      field({
        id: CHECK_FIELD.area,
        label: 'Where does your appointment sit?',
        optional: true,
        when: { field: CHECK_FIELD.role, oneOf: STAFF },
        hint: 'Staff only: this decides your training group.',
        input: { kind: 'select', options: Area.options.map((a) => ({ label: AREA_LABEL[a], value: a })) },
      }),
    ],
  };
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
};

/** Reads the form's answers into a Profile; errors are keyed by field id. */
export function parseCheck(values: FormValues): CheckSubmission {
  const read = (id: CheckField) => {
    const raw = values[id]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const yesNo = (v: string | undefined) => (v === undefined ? undefined : v === 'yes');
  const year = read(CHECK_FIELD.studyYear);
  const leave = read(CHECK_FIELD.leave);
  const candidate: Record<string, unknown> = {
    role: read(CHECK_FIELD.role),
    paid: yesNo(read(CHECK_FIELD.paid)),
    studyYear: year === undefined ? undefined : /^\d+$/.test(year) ? Number(year) : year,
    startDate: read(CHECK_FIELD.startDate),
    appointmentEnd: read(CHECK_FIELD.appointmentEnd),
    leave: leave === 'none' ? undefined : leave,
    graduating: yesNo(read(CHECK_FIELD.graduating)),
    area: read(CHECK_FIELD.area),
  };
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
  const parsed = Profile.safeParse(candidate);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
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
