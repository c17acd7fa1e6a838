// A personal status as a few short plain-text lines: the fallback text of the status reply, and the CLI.
import type { Content } from '../content/load.js';
import {
  formatDay as day,
  faqCitationById,
  formatContact,
  plural,
  formatRange as range,
} from '../text/format.js';
import { describeFields, type PersonalStatus } from './status.js';

/** The first line of the answer, one per requirement outcome: named so tests and other views can match them. */
export const REQUIRED_HEADLINE = {
  yes: 'Do you need to take it? Yes.',
  no: 'Do you need to take it? No.',
  unknown: "Do you need to take it? I can't tell from your profile yet.",
  /** Followed by what it depends on (see requiredHeadline). */
  yesUnless: 'Do you need to take it? Yes, unless',
} as const;

/**
 * "Yes, unless you were onboarded on or after July 1st, 2020 (FAQ requirement question 4)." when an exemption
 * hinges on a fact the profile does not give; the headline otherwise.
 */
export function requiredHeadline(status: PersonalStatus, content: Content): string {
  if (status.required === false) return REQUIRED_HEADLINE.no;
  if (status.required === null) return REQUIRED_HEADLINE.unknown;
  if (status.unless.length === 0) return REQUIRED_HEADLINE.yes;
  const clauses = status.unless.map((u) => `${u.text} (${faqCitationById(u.faq, content)})`);
  return `${REQUIRED_HEADLINE.yesUnless} ${clauses.join(', or ')}.`;
}

export function renderStatusText(status: PersonalStatus, content: Content): string {
  const lines: string[] = [];
  const cite = (faq: string) => citation(faq, content);

  lines.push(requiredHeadline(status, content));
  for (const reason of status.reasons) lines.push(`- ${reason.text} ${cite(reason.faq)}`);
  if (status.missing.length > 0) {
    const what = status.required === null ? 'whether you need to take it' : 'your window and deadline';
    lines.push(`To tell ${what}, I need ${describeFields(status.missing, content)}.`);
  }

  if (status.group && status.window && status.required !== false) {
    lines.push(
      `Your training group: ${status.group.name}, ${range(status.window.start, status.window.end)}.`,
    );
  }
  const state = stateLine(status);
  if (state) lines.push(state);
  const other = status.personal?.otherCourse;
  if (other && !status.completed) lines.push(otherCourseLine(other, status));
  if (status.earlier && !status.completed) {
    const e = status.earlier;
    lines.push(
      `You completed Course ${e.module} ${e.cycle ? `in ${e.cycle}` : 'before this cycle'} (${day(e.on)}); it does not count for this cycle.`,
    );
  }

  if (status.recommendations.length > 0) {
    lines.push('Also:');
    for (const rec of status.recommendations) lines.push(`- ${rec.text} ${cite(rec.faq)}`);
  }
  if (status.contacts.length > 0) {
    lines.push('Contacts:');
    for (const id of status.contacts) {
      const contact = content.contacts.contacts.find((c) => c.id === id);
      if (!contact) continue;
      // The source leaves every address blank: formatContact says so rather than print something made up.
      lines.push(`- ${formatContact(contact).text}: ${contact.purpose}`);
    }
  }
  return lines.join('\n');
}

function stateLine(status: PersonalStatus): string | null {
  const zone = status.timeZone;
  const deadline = status.deadline ? day(status.deadline) : null;
  const hours = hoursLine(status);
  if (hours) return hours;
  switch (status.state) {
    case 'completed':
      if (status.completed && status.personal?.applied)
        return `Completed on ${day(status.completed.on)} (Course ${status.completed.module}). Your next training is due by the end of ${deadline} (${zone} time).`;
      return status.completed
        ? `Completed on ${day(status.completed.on)} (Course ${status.completed.module}): nothing more to do.`
        : 'Completed: nothing more to do.';
    case 'not_required':
    case 'unknown':
      return null;
    case 'not_open_yet':
      return `Your window opens on ${day(status.opensOn ?? '')}; the deadline is the end of ${deadline} (${zone} time).`;
    case 'open':
      return `Open now: ${plural(status.daysLeft ?? 0, 'day')} left. The deadline is the end of ${deadline} (${zone} time).`;
    case 'due_today':
      return `Due today: the deadline is the end of today, ${deadline} (${zone} time).`;
    case 'overdue':
      return `Overdue by ${plural(status.daysLate ?? 0, 'day')}: the deadline was the end of ${deadline} (${zone} time).`;
    default:
      return status.state satisfies never;
  }
}

function citation(faq: string, content: Content): string {
  return `[${faqCitationById(faq, content)}]`;
}

/** "or N hours worked, whichever first" when the hours decided: due now, on no particular day. */
export function hoursLine(status: PersonalStatus): string | null {
  const rule = status.personal?.applied;
  if (!rule?.hoursReached || (status.state !== 'due_today' && status.state !== 'overdue')) return null;
  const limit = plural(rule.hoursLimit ?? 0, 'hour');
  return status.state === 'overdue'
    ? `Overdue: you have worked more than ${limit}, the limit of the rule that applies to you.`
    : `Due now: you have worked ${limit}, the limit of the rule that applies to you.`;
}

/** "You completed Course E on …; it does not count for the course your role takes now (Course S)." */
export function otherCourseLine(other: { module: string; on: string }, status: PersonalStatus): string {
  const wanted = status.personal?.requirement.modules ?? [];
  return `You completed Course ${other.module} on ${day(other.on)}; it does not count for the course your role takes now (Course ${wanted.join(' or ')}).`;
}
