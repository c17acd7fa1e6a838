// One formatter each for what replies keep saying: a day, a date range, a count, an FAQ citation, a module, a
// contact and a role. Every reply (Slack, the console, reminders, the rules' plain text) uses these.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { localDay } from '../content/dates.js';
import type { Content } from '../content/load.js';
import type { Contact, FaqEntry } from '../content/schemas.js';

// Kept with the content, which reads the dates it is written with; re-exported for the replies.
export { localDay, MONTHS } from '../content/dates.js';

/** `Wednesday, February 17, 2021` */
export function formatDay(iso: string): string {
  return format(localDay(iso), 'EEEE, MMMM d, yyyy');
}

/** `February 17, 2021`: a day said in a sentence ("you were onboarded on …"). */
export function formatDate(iso: string): string {
  return format(localDay(iso), 'MMMM d, yyyy');
}

/** `Feb 17, 2021` */
export function formatShortDay(iso: string): string {
  return format(localDay(iso), 'MMM d, yyyy');
}

/** `January 13 – February 17, 2021` */
export function formatRange(start: string, end: string): string {
  const s = localDay(start);
  const e = localDay(end);
  return s.getFullYear() === e.getFullYear()
    ? `${format(s, 'MMMM d')} – ${format(e, 'MMMM d, yyyy')}`
    : `${format(s, 'MMMM d, yyyy')} – ${format(e, 'MMMM d, yyyy')}`;
}

/** `Mon Feb 8, 09:00`: a moment as the clock reads in `zone`. */
export function formatMomentIn(iso: string, zone: string): string {
  return format(new TZDate(new Date(iso).getTime(), zone), 'EEE MMM d, HH:mm');
}

/** Heads the dry run's send times (content's `recipientHours`). */
export const SEND_TIMES_HEADER = 'When each time zone receives it (in their own working hours):';
/** Said of people Slack gives no time zone for. */
export const UNKNOWN_ZONE = 'time zone unknown in Slack, so the cycle’s';

/**
 * One line of the dry run's send times: `America/Los_Angeles, 3 people: Mon Feb 8, 09:00 their time (Mon
 * Feb 8, 12:00 America/New_York)`; the cycle's own zone, and people whose zone is unknown, once.
 */
export function sendTimeLine(
  group: { timeZone: string; known: boolean; count: number; at: string },
  cycleZone: string,
): string {
  const who = plural(group.count, 'person', 'people');
  const local = formatMomentIn(group.at, group.timeZone);
  const where = group.known ? group.timeZone : `${UNKNOWN_ZONE} (${group.timeZone})`;
  const cycle = group.timeZone === cycleZone ? '' : ` (${formatMomentIn(group.at, cycleZone)} ${cycleZone})`;
  return `${where}, ${who}: ${local}${group.known && group.timeZone !== cycleZone ? ' their time' : ''}${cycle}`;
}

/** `1 day`, `3 days`; `plural(2, 'person', 'people')`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Where an answer comes from: `FAQ requirement question 4`, or `FAQ: <question>` for unnumbered entries. */
export function faqCitation(entry: Pick<FaqEntry, 'category' | 'number' | 'question'>): string {
  return entry.number === undefined
    ? `FAQ: ${entry.question}`
    : `FAQ ${entry.category} question ${entry.number}`;
}

export function faqCitationById(id: string, content: Content): string {
  const entry = content.faq.entries.find((e) => e.id === id);
  return entry ? faqCitation(entry) : `FAQ ${id}`;
}

/** `Course C – Creating an Inclusive Workplace`, or that the source gives no title. */
export function moduleLabel(module: { id: string; title: string | null }): string {
  return module.title === null
    ? `Course ${module.id} (title not given in the FAQ)`
    : `Course ${module.id} – ${module.title}`;
}

/** Said in place of an address the source leaves blank. Never replaced by a guess. */
export const ADDRESS_NOT_PUBLISHED = 'address not yet published';

export interface Formatted {
  text: string;
  mrkdwn: string;
}

/** A contact as a person reads it: its name and address, or that the address is not yet published. */
export function formatContact(contact: Contact): Formatted {
  if (contact.email !== null) {
    return {
      text: `${contact.name} (${contact.email})`,
      mrkdwn: `${contact.name} (<mailto:${contact.email}|${contact.email}>)`,
    };
  }
  if (contact.url !== null) {
    return { text: `${contact.name} (${contact.url})`, mrkdwn: `<${contact.url}|${contact.name}>` };
  }
  return {
    text: `${contact.name} (${ADDRESS_NOT_PUBLISHED})`,
    mrkdwn: `${contact.name} (${ADDRESS_NOT_PUBLISHED})`,
  };
}
