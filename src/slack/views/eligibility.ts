// The eligibility check for someone without a roster record: a modal asking what the rules need, its
// submission read back into a Profile (never stored), and the result shown in the same modal.
import { TEXT } from '../../bot/messages.js';
import type { Content } from '../../content/load.js';
import { Area, Leave, Role } from '../../content/schemas.js';
import type { PersonalStatus } from '../../rules/index.js';
import { Profile } from '../../rules/index.js';
import {
  type Block,
  type Choice,
  context,
  dateInput,
  LIMITS,
  type ModalView,
  numberInput,
  plainText,
  section,
  selectInput,
} from './blocks.js';
import { CALLBACK } from './ids.js';
import { buildStatusBlocks } from './status.js';

/** Block ids (= action ids) of the inputs, one per Profile field the rules read. */
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

const ROLE_LABEL: Record<Role, string> = {
  faculty: 'Faculty',
  staff: 'Staff',
  graduate_student: 'Graduate student',
  other: 'Something else',
};
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
const YES_NO: Choice[] = [
  { label: 'Yes', value: 'yes' },
  { label: 'No', value: 'no' },
];

export function buildEligibilityModal(): ModalView {
  const blocks: Block[] = [
    section(TEXT.checkIntro),
    selectInput(
      CHECK_FIELD.role,
      'What is your role?',
      Role.options.map((r) => ({ label: ROLE_LABEL[r], value: r })),
    ),
    selectInput(CHECK_FIELD.paid, 'Is your appointment paid?', YES_NO, {
      optional: true,
      hint: 'Faculty and staff only.',
    }),
    numberInput(
      CHECK_FIELD.studyYear,
      'Your year of study',
      { min: 1, max: 15 },
      {
        optional: true,
        hint: 'Graduate students only: 1 for your first year.',
      },
    ),
    dateInput(CHECK_FIELD.startDate, 'When were you onboarded?', {
      optional: true,
      hint: 'Faculty and staff: the date your employment started.',
    }),
    dateInput(CHECK_FIELD.appointmentEnd, 'When does your appointment end?', {
      optional: true,
      hint: 'Leave empty if it does not end soon.',
    }),
    selectInput(
      CHECK_FIELD.leave,
      'Are you on leave?',
      (['none', ...Leave.options] as const).map((l) => ({ label: LEAVE_LABEL[l], value: l })),
      { optional: true },
    ),
    selectInput(CHECK_FIELD.graduating, 'Are you graduating at the end of this semester?', YES_NO, {
      optional: true,
    }),
    selectInput(
      CHECK_FIELD.area,
      'Where does your appointment sit?',
      Area.options.map((a) => ({ label: AREA_LABEL[a], value: a })),
      { optional: true, hint: 'Staff only: this decides your training group.' },
    ),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK.eligibilityCheck,
    title: plainText(TEXT.checkTitle, LIMITS.modalTitle),
    submit: plainText(TEXT.checkSubmit, LIMITS.modalButton),
    close: plainText('Cancel', LIMITS.modalButton),
    blocks,
  };
}

/** `view.state.values` as Slack sends it: `{ [blockId]: { [actionId]: state } }`. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue | undefined> | undefined>;
export interface ViewStateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_date?: string | null;
}

export type CheckSubmission =
  | { ok: true; profile: Profile }
  | { ok: false; errors: Partial<Record<(typeof CHECK_FIELD)[keyof typeof CHECK_FIELD], string>> };

function read(values: ViewStateValues, id: string): string | undefined {
  const state = values[id]?.[id];
  const raw = state?.selected_option?.value ?? state?.selected_date ?? state?.value ?? undefined;
  return raw === null || raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

const FIELD_OF_PATH: Record<string, (typeof CHECK_FIELD)[keyof typeof CHECK_FIELD]> = {
  role: CHECK_FIELD.role,
  paid: CHECK_FIELD.paid,
  studyYear: CHECK_FIELD.studyYear,
  startDate: CHECK_FIELD.startDate,
  appointmentEnd: CHECK_FIELD.appointmentEnd,
  leave: CHECK_FIELD.leave,
  graduating: CHECK_FIELD.graduating,
  area: CHECK_FIELD.area,
};

/** Reads the modal's answers into a Profile; errors are keyed by block id, as `response_action: errors` wants. */
export function parseEligibilitySubmission(values: ViewStateValues): CheckSubmission {
  const yesNo = (v: string | undefined) => (v === undefined ? undefined : v === 'yes');
  const year = read(values, CHECK_FIELD.studyYear);
  const leave = read(values, CHECK_FIELD.leave);
  const candidate: Record<string, unknown> = {
    role: read(values, CHECK_FIELD.role),
    paid: yesNo(read(values, CHECK_FIELD.paid)),
    studyYear: year === undefined ? undefined : /^\d+$/.test(year) ? Number(year) : year,
    startDate: read(values, CHECK_FIELD.startDate),
    appointmentEnd: read(values, CHECK_FIELD.appointmentEnd),
    leave: leave === 'none' ? undefined : leave,
    graduating: yesNo(read(values, CHECK_FIELD.graduating)),
    area: read(values, CHECK_FIELD.area),
  };
  for (const key of Object.keys(candidate)) if (candidate[key] === undefined) delete candidate[key];
  const parsed = Profile.safeParse(candidate);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const errors: Partial<Record<(typeof CHECK_FIELD)[keyof typeof CHECK_FIELD], string>> = {};
  for (const issue of parsed.error.issues) {
    const field = FIELD_OF_PATH[String(issue.path[0])];
    if (!field || errors[field]) continue;
    errors[field] =
      field === CHECK_FIELD.role && candidate['role'] === undefined
        ? 'Please choose your role.'
        : field === CHECK_FIELD.studyYear
          ? `Please enter a whole number from 1 to 15 (got ${JSON.stringify(String(candidate['studyYear']))}).`
          : `Please check this answer (${issue.message}).`;
  }
  return { ok: false, errors };
}

export function buildEligibilityResultModal(status: PersonalStatus, content: Content): ModalView {
  return {
    type: 'modal',
    callback_id: `${CALLBACK.eligibilityCheck}_result`,
    title: plainText(TEXT.checkTitle, LIMITS.modalTitle),
    close: plainText('Done', LIMITS.modalButton),
    blocks: [...buildStatusBlocks(status, content), context(TEXT.checkResultNote)],
  };
}
