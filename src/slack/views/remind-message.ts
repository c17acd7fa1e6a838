// Messages of the reminder composer: the reminder as a recipient sees it, the dry-run preview for the admin,
// and the one progress message that is updated as a campaign goes out.
import { escapeMrkdwn } from '../escape.js';
import {
  type Block,
  clip,
  context,
  divider,
  fields,
  header,
  type MessageView,
  section,
  sections,
} from './blocks.js';

export interface ReminderMessageInput {
  /** The template filled in (mrkdwn). */
  body: string;
  /** The admin's note, as typed: escaped here. */
  note?: string;
}

export const REMINDER_FOOTER =
  'You get this because our training records show the Preventing Sexual Harassment training is still due for you. ' +
  'Ask me anything about it here.';

export function buildReminderMessage(input: ReminderMessageInput): MessageView {
  const blocks: Block[] = sections(input.body);
  if (input.note?.trim())
    blocks.push(section(`*A note from the training team:* ${escapeMrkdwn(input.note.trim())}`));
  blocks.push(context(REMINDER_FOOTER));
  const text = clip(
    `${input.body}${input.note?.trim() ? `\n\nA note from the training team: ${escapeMrkdwn(input.note.trim())}` : ''}`,
    3000,
  );
  return { text, blocks };
}

export function buildAnnouncementMessage(input: ReminderMessageInput): MessageView {
  const blocks: Block[] = sections(input.body);
  if (input.note?.trim()) blocks.push(section(escapeMrkdwn(input.note.trim())));
  return { text: clip(input.body, 3000), blocks };
}

export interface PreviewInput {
  /** "Reminder: overdue, All Schools (including Faculty), Imaginary Physics". */
  audience: string;
  templateName: string;
  count: number;
  byGroup: readonly { name: string; count: number }[];
  /** The message as one recipient sees it, or null when nobody matches. */
  sample: { firstName: string; message: MessageView } | null;
  /** Announcements: the channel it would go to. */
  channel?: string;
}

export const DRY_RUN_HEADER = 'Dry run: nothing was sent';

export function buildPreviewMessage(input: PreviewInput): MessageView {
  const who = input.channel
    ? `one message to <#${input.channel}>`
    : `*${input.count}* ${input.count === 1 ? 'person' : 'people'}`;
  const blocks: Block[] = [
    header(DRY_RUN_HEADER),
    section(`*${escapeMrkdwn(input.templateName)}* would go to ${who}.\n${escapeMrkdwn(input.audience)}`),
  ];
  if (!input.channel && input.byGroup.length > 0)
    blocks.push(fields(input.byGroup.map((g) => [g.name, String(g.count)] as const)));
  blocks.push(divider());
  if (input.sample) {
    blocks.push(context(`The message as ${escapeMrkdwn(input.sample.firstName)} would see it:`));
    blocks.push(...input.sample.message.blocks.slice(0, 40));
  } else {
    blocks.push(section('Nobody matches these filters right now, so there is no message to show.'));
  }
  const text = `${DRY_RUN_HEADER}. ${input.templateName}: ${input.channel ? 'one channel message' : `${input.count} recipient(s)`}.`;
  return { text, blocks };
}

export interface ProgressInput {
  campaignId: number;
  templateName: string;
  counts: { sent: number; skipped: number; failed: number; pending: number; sending: number; total: number };
  done: boolean;
  /** Why it stopped early (Slack refused the token): it resumes on restart. */
  stoppedReason?: string | null;
  /** Reasons for skipped and failed deliveries, for the final summary. */
  reasons?: readonly { status: 'skipped' | 'failed'; reason: string; count: number }[];
}

export function buildProgressMessage(input: ProgressInput): MessageView {
  const { counts } = input;
  const line = `:white_check_mark: sent ${counts.sent} · :fast_forward: skipped ${counts.skipped} · :x: failed ${counts.failed}`;
  const left = counts.pending + counts.sending;
  const state = input.stoppedReason
    ? `Stopped: Slack answered \`${escapeMrkdwn(input.stoppedReason)}\`. ${left} not sent yet; they go out when the app restarts.`
    : input.done
      ? `Done: ${counts.total} recipient(s).`
      : `Sending… ${left} to go.`;
  const blocks: Block[] = [
    section(`*Campaign #${input.campaignId}: ${escapeMrkdwn(input.templateName)}*\n${state}\n${line}`),
  ];
  if (input.done && input.reasons && input.reasons.length > 0) {
    const lines = input.reasons
      .slice(0, 15)
      .map((r) => `• ${r.status} — ${escapeMrkdwn(r.reason)}: ${r.count}`)
      .join('\n');
    blocks.push(context(lines));
  }
  return {
    text: `Campaign #${input.campaignId}: ${state} Sent ${counts.sent}, skipped ${counts.skipped}, failed ${counts.failed}.`,
    blocks,
  };
}
