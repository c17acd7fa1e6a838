// The reminder composer: audience, template, optional note, dry run or send. A pure form and its parser; the
// Slack modal and the console's questions are two renderings of it.
import { createHash } from 'node:crypto';
import {
  type AudienceState,
  announcementRequest,
  type CampaignRequest,
  reminderRequest,
} from '../../broadcast/index.js';
import type { Content } from '../../content/load.js';
import { type Choice, type Form, type FormErrors, type FormValues, field, note } from '../../text/reply.js';

export const REMIND_FORM = 'remind_compose';
export const REMIND_FIELDS = {
  template: 'remind_template',
  state: 'remind_state',
  days: 'remind_days',
  group: 'remind_group',
  department: 'remind_department',
  channel: 'remind_channel',
  note: 'remind_note',
  mode: 'remind_mode',
} as const;
const ALL = '__all__';
export const NOTE_MAX = 500;
/** "Due within" at most this many days. */
export const MAX_DAYS = 365;
/** A select lists at most 100 options: "All departments" and 99 departments. */
const MAX_DEPARTMENTS = 99;

const STATE_CHOICES: { label: string; value: AudienceState }[] = [
  { label: 'Not completed (any window)', value: 'not_completed' },
  { label: 'Overdue', value: 'overdue' },
  { label: 'Window open now', value: 'window_open' },
  { label: 'Due within N days', value: 'due_within' },
];

const MODE_CHOICES: Choice[] = [
  { label: 'Dry run: preview to me only', value: 'dry' },
  { label: 'Send now', value: 'send' },
];

/**
 * A department's option value: a short digest of its name, because option values are cut at 75 characters
 * and a department whose long name was cut would match nobody. Read back against the current departments.
 */
export function departmentKey(name: string): string {
  return `d:${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
}

export function remindForm(content: Content, departments: readonly string[]): Form {
  const f = REMIND_FIELDS;
  return {
    id: REMIND_FORM,
    title: 'Send a reminder',
    submit: 'Continue',
    close: 'Cancel',
    items: [
      note(
        'Reminders go only to people who are required and have not completed, checked again as each message goes out.',
      ),
      field({
        id: f.template,
        label: 'Message',
        optional: false,
        input: {
          kind: 'select',
          options: content.reminders.templates.map((t) => ({
            label: t.kind === 'announcement' ? `${t.name} (to a channel)` : t.name,
            value: t.id,
          })),
        },
      }),
      field({
        id: f.state,
        label: 'Who (reminders)',
        optional: false,
        input: { kind: 'select', options: STATE_CHOICES },
      }),
      field({
        id: f.days,
        label: 'Days (for "due within")',
        optional: true,
        input: { kind: 'number', min: 0, max: MAX_DAYS },
      }),
      field({
        id: f.group,
        label: 'Training group',
        optional: true,
        input: {
          kind: 'select',
          options: [
            { label: 'All groups', value: ALL },
            ...content.schedule.groups.map((g) => ({ label: g.name, value: g.id })),
          ],
        },
      }),
      field({
        id: f.department,
        label: 'Department',
        optional: true,
        input: {
          kind: 'select',
          options: [
            { label: 'All departments', value: ALL },
            ...departments.slice(0, MAX_DEPARTMENTS).map((d) => ({ label: d, value: departmentKey(d) })),
          ],
        },
      }),
      field({
        id: f.channel,
        label: 'Channel (announcements)',
        optional: true,
        hint: 'A channel the app is in.',
        input: { kind: 'channel' },
      }),
      field({
        id: f.note,
        label: 'Note (optional)',
        optional: true,
        input: { kind: 'text', multiline: true, maxLength: NOTE_MAX },
      }),
      field({
        id: f.mode,
        label: 'Dry run or send',
        optional: false,
        input: { kind: 'choice', options: MODE_CHOICES, initial: 'dry' },
      }),
    ],
  };
}

export type RemindSubmission =
  | { ok: true; request: CampaignRequest; dryRun: boolean }
  | { ok: false; errors: FormErrors };

export function parseRemind(
  values: FormValues,
  content: Content,
  departments: readonly string[],
): RemindSubmission {
  const f = REMIND_FIELDS;
  const pick = (id: string) => {
    const v = values[id]?.trim();
    return v && v !== ALL ? v : undefined;
  };
  const template = content.reminders.templates.find((t) => t.id === pick(f.template));
  if (!template) return { ok: false, errors: { [f.template]: 'Pick a message.' } };
  const note = pick(f.note);
  // The form's limits hold in Slack's client, not in a forged or replayed submission: checked here as well.
  if (note !== undefined && note.length > NOTE_MAX)
    return {
      ok: false,
      errors: { [f.note]: `The note can be at most ${NOTE_MAX} characters (this one has ${note.length}).` },
    };
  const group = pick(f.group);
  const dryRun = pick(f.mode) !== 'send';
  if (template.kind === 'announcement') {
    const channel = pick(f.channel);
    if (!channel) return { ok: false, errors: { [f.channel]: 'An announcement needs a channel.' } };
    return {
      ok: true,
      dryRun,
      request: announcementRequest({ template: template.id, channel, group, note }),
    };
  }
  const state = (pick(f.state) ?? 'not_completed') as AudienceState;
  const rawDays = pick(f.days);
  const withinDays = rawDays ? Number(rawDays) : undefined;
  if (
    withinDays !== undefined &&
    !(Number.isInteger(withinDays) && withinDays >= 0 && withinDays <= MAX_DAYS)
  )
    return { ok: false, errors: { [f.days]: `Days must be a whole number from 0 to ${MAX_DAYS}.` } };
  if (state === 'due_within' && withinDays === undefined)
    return { ok: false, errors: { [f.days]: '"Due within" needs a number of days.' } };
  const key = pick(f.department);
  const department = key === undefined ? undefined : departments.find((d) => departmentKey(d) === key);
  if (key !== undefined && department === undefined)
    return { ok: false, errors: { [f.department]: 'That department is no longer on the roster.' } };
  return {
    ok: true,
    dryRun,
    request: reminderRequest({ template: template.id, state, withinDays, group, department, note }),
  };
}
