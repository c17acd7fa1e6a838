// A person's own status ("do I need to take it?"): for DMs, `/harassment-training status`, the App Home card
// and the eligibility check's result.
import type { Content } from '../../content/load.js';
import {
  describeFields,
  hoursLine,
  otherCourseLine,
  type PersonalStatus,
  renderStatusText,
  requiredHeadline,
} from '../../rules/index.js';
import {
  faqCitationById,
  formatContact,
  formatDay,
  formatRange,
  formatShortDay,
  moduleLabel,
  plural,
} from '../../text/format.js';
import { TEXT } from '../../text/messages.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import { button, fields, heading, type Message, note, type Part, text } from '../../text/reply.js';
import { optionsPhrase } from './info.js';

export interface StatusReplyOptions {
  /** Offer the eligibility check when the answer is unknown (not in the check's own result). */
  offerCheck?: boolean;
}

export const STATUS_HEADING = 'Your training status';

export function headline(status: PersonalStatus, content: Content): string {
  return escapeMrkdwn(requiredHeadline(status, content));
}

/** One sentence on where the person stands at `status.today`, or null when there is no window to speak of. */
export function stateLine(status: PersonalStatus): string | null {
  const zone = status.timeZone;
  const deadline = status.deadline ? formatDay(status.deadline) : '';
  const hours = hoursLine(status);
  if (hours) return `${status.state === 'overdue' ? '❗' : '⚠️'} ${escapeMrkdwn(hours)}`;
  switch (status.state) {
    case 'completed':
      if (status.completed && status.personal?.applied)
        return `✅ *Completed* on ${formatDay(status.completed.on)} (Course ${status.completed.module}). Your next training is due by the end of ${deadline} (${zone} time).`;
      return status.completed
        ? `✅ *Completed* on ${formatDay(status.completed.on)} (Course ${status.completed.module}).`
        : '✅ *Completed.*';
    case 'not_required':
    case 'unknown':
      return null;
    case 'not_open_yet':
      return `🗓️ *Not open yet:* your window opens on ${formatDay(status.opensOn ?? '')}. The deadline is the end of ${deadline} (${zone} time).`;
    case 'open':
      return `⏳ *Open now:* ${plural(status.daysLeft ?? 0, 'day')} left. The deadline is the end of ${deadline} (${zone} time).`;
    case 'due_today':
      return `⚠️ *Due today:* the deadline is the end of today, ${deadline} (${zone} time).`;
    case 'overdue':
      return `❗ *Overdue* by ${plural(status.daysLate ?? 0, 'day')}: the deadline was the end of ${deadline} (${zone} time).`;
    default:
      return status.state satisfies never;
  }
}

/** What to do next, from the content: how to reach the course, whom to ask. */
export function nextStep(status: PersonalStatus, content: Content): string | null {
  const course = content.modules.course;
  // With requirements by role (policy.yml `requirements`), the course that counts for this person's role.
  const own = (status.personal?.requirement.modules ?? [])
    .map((id) => content.modules.modules.find((m) => m.id === id))
    .filter((m) => m !== undefined)
    .map((m) => escapeMrkdwn(moduleLabel(m)));
  const what =
    own.length > 0 ? own.join(' or ') : optionsPhrase(content).replace(/options?$/, (w) => `course ${w}`);
  const access = `Take ${what} in ${escapeMrkdwn(course.platform)}. ${escapeMrkdwn(course.howToAccess)}`;
  const timeContact = content.contacts.contacts.find((c) => c.id === 'time-to-complete');
  switch (status.state) {
    case 'completed':
      return 'Nothing more to do. You may return to the modules at any time for reference.';
    case 'not_required':
      return status.supplemental
        ? `Nothing required. If you would like to take it as supplemental learning: ${escapeMrkdwn(course.howToAccess)}`
        : 'Nothing to do.';
    case 'unknown':
      return status.missing.length > 0
        ? `To work it out I need ${escapeMrkdwn(describeFields(status.missing, content))}.`
        : null;
    case 'not_open_yet':
      return `When your window opens: ${access}`;
    case 'open':
    case 'due_today':
      return access;
    case 'overdue':
      return timeContact
        ? `${access}\nIf you have concerns about completing it in the time allotted, contact ${formatContact(timeContact).mrkdwn}.`
        : access;
    default:
      return status.state satisfies never;
  }
}

function completionText(status: PersonalStatus): string {
  if (status.completed) return `Course ${status.completed.module}, ${formatShortDay(status.completed.on)}`;
  const last = status.personal?.counted;
  if (last) return `Course ${last.module}, ${formatShortDay(last.on)} (due again)`;
  if (status.supplemental) return 'Optional (supplemental)';
  return status.required === false ? 'Not needed' : 'Not yet recorded';
}

/** "You completed Course E in 2020-21; this cycle needs one of the three options": history, never counted. */
export function earlierLine(status: PersonalStatus, content: Content): string | null {
  const earlier = status.earlier;
  if (!earlier || status.completed) return null;
  const when = earlier.cycle
    ? `in ${earlier.cycle} (${formatShortDay(earlier.on)})`
    : `on ${formatShortDay(earlier.on)}, before this cycle`;
  const needs = status.required === true ? `; this cycle needs ${optionsPhrase(content)}` : '';
  return `You completed Course ${earlier.module} ${when}${needs}.`;
}

export const checkOffer = (): Part =>
  text(TEXT.checkOffer, button(TEXT.checkButton, { kind: 'open-check' }, 'primary'));

/** The status without a heading: the App Home puts it under its own. */
export function statusParts(
  status: PersonalStatus,
  content: Content,
  options: StatusReplyOptions = {},
): Part[] {
  const parts: Part[] = [text(`*${headline(status, content)}*`)];
  const state = stateLine(status);
  if (state) parts.push(text(state));
  const history = earlierLine(status, content);
  if (history) parts.push(text(`📜 ${escapeMrkdwn(history)}`));
  const other = status.personal?.otherCourse;
  if (other && !status.completed) parts.push(text(`📜 ${escapeMrkdwn(otherCourseLine(other, status))}`));

  const pairs: [string, string][] = [];
  if (status.group) pairs.push(['Training group', escapeMrkdwn(status.group.name)]);
  if (status.window) pairs.push(['Window', formatRange(status.window.start, status.window.end)]);
  if (status.deadline && status.required !== false)
    pairs.push(['Deadline', `End of ${formatShortDay(status.deadline)}`]);
  if (status.daysLeft !== null && status.state !== 'overdue')
    pairs.push(['Days left', String(status.daysLeft)]);
  if (status.daysLate !== null) pairs.push(['Days overdue', String(status.daysLate)]);
  pairs.push(['Completion', completionText(status)]);
  parts.push(fields(pairs));

  const cited = (items: readonly { text: string; faq: string }[]) =>
    items.map((r) => `• ${escapeMrkdwn(r.text)} _(${faqCitationById(r.faq, content)})_`).join('\n');
  if (status.reasons.length > 0) parts.push(text(`*Why:*\n${cited(status.reasons)}`));
  const next = nextStep(status, content);
  if (next) parts.push(text(`*What to do next:* ${next}`));
  if (status.recommendations.length > 0) parts.push(text(`*Also:*\n${cited(status.recommendations)}`));
  const modules = status.modules
    .map((id) => content.modules.modules.find((m) => m.id === id))
    .filter((m) => m !== undefined)
    .map((m) => moduleLabel(m));
  if (modules.length > 0) parts.push(note(`Suggested: ${escapeMrkdwn(modules.join(', '))}`));
  const contacts = status.contacts
    .map((id) => content.contacts.contacts.find((c) => c.id === id))
    .filter((c) => c !== undefined);
  if (contacts.length > 0) {
    parts.push(
      note(...contacts.map((c) => `*Contact:* ${formatContact(c).mrkdwn}: ${escapeMrkdwn(c.purpose)}`)),
    );
  }
  if (options.offerCheck && status.state === 'unknown') parts.push(checkOffer());
  return parts;
}

export function statusMessage(
  status: PersonalStatus,
  content: Content,
  options: StatusReplyOptions = {},
): Message {
  return {
    text: renderStatusText(status, content),
    parts: [heading(STATUS_HEADING), ...statusParts(status, content, options)],
  };
}
