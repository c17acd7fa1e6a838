// The reminder composer: audience, template, optional note, dry run or send. A pure builder and its parser.
import type { types } from '@slack/bolt';
import {
  type AudienceState,
  announcementRequest,
  type CampaignRequest,
  reminderRequest,
} from '../../broadcast/index.js';
import type { Content } from '../../content/load.js';
import { clip, context, type ModalView, plainText, selectInput } from './blocks.js';

export const REMIND_CALLBACK_ID = 'remind_compose';
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

const STATE_CHOICES: { label: string; value: AudienceState }[] = [
  { label: 'Not completed (any window)', value: 'not_completed' },
  { label: 'Overdue', value: 'overdue' },
  { label: 'Window open now', value: 'window_open' },
  { label: 'Due within N days', value: 'due_within' },
];

function input(
  blockId: string,
  label: string,
  element: types.InputBlock['element'],
  optional: boolean,
  hint?: string,
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plainText(label, 2000),
    element,
    optional,
    ...(hint ? { hint: plainText(hint, 2000) } : {}),
  };
}

export function buildRemindModal(content: Content, departments: readonly string[]): ModalView {
  const f = REMIND_FIELDS;
  return {
    type: 'modal',
    callback_id: REMIND_CALLBACK_ID,
    title: plainText('Send a reminder', 24),
    submit: plainText('Continue', 24),
    close: plainText('Cancel', 24),
    blocks: [
      context(
        'Reminders go only to people who are required and have not completed, checked again as each message goes out.',
      ),
      selectInput(
        f.template,
        'Message',
        content.reminders.templates.map((t) => ({
          label: t.kind === 'announcement' ? `${t.name} (to a channel)` : t.name,
          value: t.id,
        })),
      ),
      selectInput(f.state, 'Who (reminders)', STATE_CHOICES),
      input(
        f.days,
        'Days (for "due within")',
        {
          type: 'number_input',
          action_id: f.days,
          is_decimal_allowed: false,
          min_value: '0',
          max_value: '365',
        },
        true,
      ),
      selectInput(
        f.group,
        'Training group',
        [
          { label: 'All groups', value: ALL },
          ...content.schedule.groups.map((g) => ({ label: g.name, value: g.id })),
        ],
        {
          optional: true,
        },
      ),
      selectInput(
        f.department,
        'Department',
        [
          { label: 'All departments', value: ALL },
          ...departments.slice(0, 99).map((d) => ({ label: d, value: clip(d, 75) })),
        ],
        { optional: true },
      ),
      input(
        f.channel,
        'Channel (announcements)',
        {
          type: 'conversations_select',
          action_id: f.channel,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
        true,
        'A channel the app is in.',
      ),
      input(
        f.note,
        'Note (optional)',
        { type: 'plain_text_input', action_id: f.note, multiline: true, max_length: NOTE_MAX },
        true,
      ),
      {
        type: 'input',
        block_id: f.mode,
        label: plainText('Dry run or send', 2000),
        element: {
          type: 'radio_buttons',
          action_id: f.mode,
          initial_option: { text: plainText('Dry run: preview to me only', 75), value: 'dry' },
          options: [
            { text: plainText('Dry run: preview to me only', 75), value: 'dry' },
            { text: plainText('Send now', 75), value: 'send' },
          ],
        },
      },
    ],
  };
}

type StateValues = Record<
  string,
  Record<
    string,
    {
      value?: string | null;
      selected_option?: { value: string } | null;
      selected_conversation?: string | null;
    }
  >
>;

export type RemindSubmission =
  | { ok: true; request: CampaignRequest; dryRun: boolean }
  | { ok: false; errors: Record<string, string> };

export function parseRemindSubmission(values: StateValues, content: Content): RemindSubmission {
  const f = REMIND_FIELDS;
  const pick = (id: string) => values[id]?.[id];
  const selected = (id: string) => {
    const v = pick(id)?.selected_option?.value;
    return v && v !== ALL ? v : undefined;
  };
  const template = content.reminders.templates.find((t) => t.id === selected(f.template));
  if (!template) return { ok: false, errors: { [f.template]: 'Pick a message.' } };
  const note = pick(f.note)?.value?.trim() || undefined;
  const group = selected(f.group);
  const dryRun = pick(f.mode)?.selected_option?.value !== 'send';
  if (template.kind === 'announcement') {
    const channel = pick(f.channel)?.selected_conversation ?? undefined;
    if (!channel) return { ok: false, errors: { [f.channel]: 'An announcement needs a channel.' } };
    return {
      ok: true,
      dryRun,
      request: announcementRequest({ template: template.id, channel, group, note }),
    };
  }
  const state = (selected(f.state) ?? 'not_completed') as AudienceState;
  const rawDays = pick(f.days)?.value;
  const withinDays = rawDays ? Number(rawDays) : undefined;
  if (state === 'due_within' && withinDays === undefined)
    return { ok: false, errors: { [f.days]: '"Due within" needs a number of days.' } };
  const department = selected(f.department);
  return {
    ok: true,
    dryRun,
    request: reminderRequest({ template: template.id, state, withinDays, group, department, note }),
  };
}
