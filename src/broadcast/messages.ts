// The messages of a campaign: the reminder as a recipient sees it, an announcement, the dry-run preview for
// the admin, and the one progress message that is updated as a campaign goes out.
import { plural, SEND_TIMES_HEADER, sendTimeLine } from '../text/format.js';
import { clip, escapeMrkdwn } from '../text/mrkdwn.js';
import { divider, fields, heading, type Message, note, type Part, text } from '../text/reply.js';

export interface ReminderMessageInput {
  /** The template filled in (mrkdwn). */
  body: string;
  /** The admin's note, as typed: escaped here. */
  note?: string;
}

export const REMINDER_FOOTER =
  'You get this because our training records show the Preventing Sexual Harassment training is still due for you. ' +
  'Ask me anything about it here.';

/** The fallback text of a reminder: what a notification shows. */
const FALLBACK_MAX = 3000;

export function reminderMessage(input: ReminderMessageInput): Message {
  const extra = input.note?.trim();
  const parts: Part[] = [text(input.body)];
  if (extra) parts.push(text(`*A note from the training team:* ${escapeMrkdwn(extra)}`));
  parts.push(note(REMINDER_FOOTER));
  const plain = `${input.body}${extra ? `\n\nA note from the training team: ${escapeMrkdwn(extra)}` : ''}`;
  return { text: clip(plain, FALLBACK_MAX), parts };
}

export function announcementMessage(input: ReminderMessageInput): Message {
  const extra = input.note?.trim();
  const parts: Part[] = [text(input.body)];
  if (extra) parts.push(text(escapeMrkdwn(extra)));
  return { text: clip(input.body, FALLBACK_MAX), parts };
}

export interface PreviewInput {
  /** "Reminder: overdue, All Schools (including Faculty), Imaginary Physics". */
  audience: string;
  templateName: string;
  count: number;
  byGroup: readonly { name: string; count: number }[];
  /** The message as one recipient sees it, or null when nobody matches. */
  sample: { firstName: string; message: Message } | null;
  /** Announcements: the channel it would go to. */
  channel?: string;
  /** When each time zone's people would receive it (content's `recipientHours`). */
  sendTimes?: {
    groups: readonly { timeZone: string; known: boolean; count: number; at: string }[];
    cycleZone: string;
  };
}

export const DRY_RUN_HEADER = 'Dry run: nothing was sent';
/** How much of the sample message the preview shows, so the preview stays one message. */
const SAMPLE_PARTS = 40;

export function previewMessage(input: PreviewInput): Message {
  const who = input.channel
    ? `one message to <#${input.channel}>`
    : `*${input.count}* ${input.count === 1 ? 'person' : 'people'}`;
  const parts: Part[] = [
    heading(DRY_RUN_HEADER),
    text(`*${escapeMrkdwn(input.templateName)}* would go to ${who}.\n${escapeMrkdwn(input.audience)}`),
  ];
  if (!input.channel && input.byGroup.length > 0)
    parts.push(fields(input.byGroup.map((g) => [escapeMrkdwn(g.name), String(g.count)] as const)));
  if (!input.channel && input.sendTimes && input.sendTimes.groups.length > 0) {
    const { groups, cycleZone } = input.sendTimes;
    parts.push(
      text(
        [SEND_TIMES_HEADER, ...groups.map((g) => `• ${escapeMrkdwn(sendTimeLine(g, cycleZone))}`)].join('\n'),
      ),
    );
  }
  parts.push(divider());
  if (input.sample) {
    parts.push(note(`The message as ${escapeMrkdwn(input.sample.firstName)} would see it:`));
    parts.push(...input.sample.message.parts.slice(0, SAMPLE_PARTS));
  } else {
    parts.push(text('Nobody matches these filters right now, so there is no message to show.'));
  }
  const plain = `${DRY_RUN_HEADER}. ${input.templateName}: ${input.channel ? 'one channel message' : `${plural(input.count, 'recipient')}`}.`;
  return { text: plain, parts };
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

/** How many distinct reasons the final summary lists. */
const MAX_REASONS = 15;

export function progressMessage(input: ProgressInput): Message {
  const { counts } = input;
  const line = `:white_check_mark: sent ${counts.sent} · :fast_forward: skipped ${counts.skipped} · :x: failed ${counts.failed}`;
  const left = counts.pending + counts.sending;
  const state = input.stoppedReason
    ? `Stopped: Slack answered \`${escapeMrkdwn(input.stoppedReason)}\`. ${left} not sent yet; they go out when the app restarts.`
    : input.done
      ? `Done: ${plural(counts.total, 'recipient')}.`
      : `Sending… ${left} to go.`;
  const parts: Part[] = [
    text(`*Campaign #${input.campaignId}: ${escapeMrkdwn(input.templateName)}*\n${state}\n${line}`),
  ];
  if (input.done && input.reasons && input.reasons.length > 0) {
    const lines = input.reasons
      .slice(0, MAX_REASONS)
      .map((r) => `• ${r.status} — ${escapeMrkdwn(r.reason)}: ${r.count}`)
      .join('\n');
    parts.push(note(lines));
  }
  return {
    text: `Campaign #${input.campaignId}: ${state} Sent ${counts.sent}, skipped ${counts.skipped}, failed ${counts.failed}.`,
    parts,
  };
}
