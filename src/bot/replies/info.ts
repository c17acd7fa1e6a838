// The reference messages and their parts: help, the FAQ's questions (the Home lists them too), the modules, the
// rollout schedule and the contacts.
import { numberWord } from '../../content/facts.js';
import type { Content } from '../../content/load.js';
import { cycleLabel, type FaqCategory } from '../../content/schemas.js';
import { groupsInWindowOrder } from '../../rules/index.js';
import { faqCitationById, formatContact, formatRange, moduleLabel, plural } from '../../text/format.js';
import { COMMAND, TEXT } from '../../text/messages.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import { button, heading, type Message, note, type Part, text } from '../../text/reply.js';
import { privacyNote } from './privacy.js';

export interface HelpEntry {
  /** As typed after the command: `status`, `ask <question>`. */
  usage: string;
  description: string;
}

export const HELP_HEADING = 'What I can do';

export function helpMessage(
  entries: readonly HelpEntry[],
  options: { intro?: string; privacy: readonly string[] },
): Message {
  // Usage contains `<question>`: unescaped, Slack would read it as a link.
  const lines = entries.map((e) => `• \`${COMMAND} ${escapeMrkdwn(e.usage)}\`: ${e.description}`);
  const parts: Part[] = [];
  if (options.intro) parts.push(text(options.intro));
  parts.push(
    heading(HELP_HEADING),
    text(lines.join('\n')),
    text(
      'You can also send me a question in a direct message (or just the subcommand, such as `status`), or mention me in a channel.',
    ),
    privacyNote(options.privacy),
  );
  const plain = [options.intro, `${HELP_HEADING}:`, ...lines, ...options.privacy].filter(Boolean).join('\n');
  return { text: plain, parts };
}

export const QUESTIONS_HEADING = 'Questions I can answer';

export const FAQ_CATEGORY_TITLE: Record<FaqCategory, string> = {
  schedule: 'Schedule',
  requirement: 'Requirement questions',
  content: 'Content questions',
};

/** The category order on the Home tab and in `questions`. */
const CATEGORY_ORDER: readonly FaqCategory[] = ['schedule', 'requirement', 'content'];

export const FAQ_BUTTON_TEXT = 'Answer';

/** The FAQ's entries by category, in the Home's order; categories with no entry left out. */
function byCategory(content: Content): { category: FaqCategory; entries: Content['faq']['entries'] }[] {
  return CATEGORY_ORDER.map((category) => ({
    category,
    entries: content.faq.entries.filter((e) => e.category === category),
  })).filter(({ entries }) => entries.length > 0);
}

/** The FAQ by category, each question beside the button that gives its answer (the Home, `questions`). */
export function faqParts(content: Content): Part[] {
  return byCategory(content).flatMap(({ category, entries }) => [
    text(`*${FAQ_CATEGORY_TITLE[category]}*`),
    ...entries.map((entry) =>
      text(escapeMrkdwn(entry.question), button(FAQ_BUTTON_TEXT, { kind: 'open-faq', faqId: entry.id })),
    ),
  ]);
}

/**
 * Every question the FAQ answers, each beside a button that gives its answer, by category as the Home lists them:
 * where to look when the bot did not understand, or before asking at all.
 */
export function questionsMessage(content: Content): Message {
  const lines = byCategory(content).flatMap(({ category, entries }) => [
    `${FAQ_CATEGORY_TITLE[category]}:`,
    ...entries.map((e) => `• ${e.question}`),
  ]);
  return {
    text: [`${QUESTIONS_HEADING}:`, ...lines].join('\n'),
    parts: [heading(QUESTIONS_HEADING), text(TEXT.questionsIntro), ...faqParts(content)],
  };
}

/** How many options there are, in words, from modules.yml: "one of the five options". */
export function optionsPhrase(content: Content): string {
  const { modules, required } = content.modules;
  return `${numberWord(required)} of the ${numberWord(modules.length)} ${modules.length === 1 ? 'option' : 'options'}`;
}

export function modulesParts(content: Content): Part[] {
  const { course, modules, topics } = content.modules;
  const { requirements } = content.policy;
  const parts: Part[] = [
    // With requirements by role (policy.yml `requirements`), each role's course and why.
    requirements.length > 0
      ? text(
          `*${escapeMrkdwn(course.name)}* in ${escapeMrkdwn(course.platform)}: which course you take depends on your role.\n${requirements.map((r) => `• ${escapeMrkdwn(r.reason)} (Course ${r.modules.join(' or ')})`).join('\n')}`,
        )
      : text(
          `*${escapeMrkdwn(course.name)}* in ${escapeMrkdwn(course.platform)}: ${optionsPhrase(content)} is required, and you may take more.`,
        ),
    text(
      modules
        .map(
          (m) =>
            `• *${escapeMrkdwn(moduleLabel(m))}*${m.minutes ? ` (${plural(m.minutes, 'minute')})` : ''}${m.description ? `: ${escapeMrkdwn(m.description)}` : ''}`,
        )
        .join('\n'),
    ),
    text(
      `*How to reach it:* ${escapeMrkdwn(course.howToAccess)}${course.url ? ` <${course.url}|Open the course>` : ''}`,
    ),
  ];
  if (topics.length > 0) parts.push(note(`Topics: ${escapeMrkdwn(topics.join(', '))}`));
  if (course.faq) parts.push(note(`📖 From ${faqCitationById(course.faq, content)}`));
  return parts;
}

export const MODULES_HEADING = 'The training modules';

export function modulesMessage(content: Content): Message {
  const { course, modules } = content.modules;
  return {
    text: `${course.name}: ${modules.map(moduleLabel).join(', ')}. ${course.howToAccess}`,
    parts: [heading(MODULES_HEADING), ...modulesParts(content)],
  };
}

export interface ScheduleMarks {
  /** The day (YYYY-MM-DD, in the cycle's zone) that decides which window is open now. */
  today?: string;
  /** The viewer's training group. */
  groupId?: string | null;
}

export function scheduleHeading(content: Content): string {
  // Without fixed windows the schedule is the rules that count from each person's own dates.
  return content.schedule.groups.length === 0
    ? `Deadlines, ${cycleLabel(content.schedule)}`
    : `Rollout schedule, ${cycleLabel(content.schedule)}`;
}

/** policy.yml `deadlines`, each with its FAQ entry, and how they combine. */
function personalDeadlineLines(content: Content): string[] {
  const { deadlines } = content.policy;
  if (deadlines.length === 0) return [];
  return [
    ...deadlines.map((d) => `• ${escapeMrkdwn(d.reason)} _(${faqCitationById(d.faq, content)})_`),
    `When more than one applies to you, the earliest deadline is yours: \`${COMMAND} status\` shows it and why.`,
  ];
}

export function scheduleParts(content: Content, marks: ScheduleMarks = {}): Part[] {
  const { cycle } = content.schedule;
  const windows = groupsInWindowOrder(content).map((g) => {
    const notes: string[] = [];
    if (marks.today && g.window.start <= marks.today && marks.today <= g.window.end) notes.push('open now');
    if (marks.today && marks.today > g.window.end) notes.push('closed');
    if (marks.groupId === g.id) notes.push('your group');
    const marked = notes.length > 0 ? ` _(${notes.join(', ')})_` : '';
    return `• *${escapeMrkdwn(g.name)}*: ${formatRange(g.window.start, g.window.end)}${marked}\n    ${escapeMrkdwn(g.who)}`;
  });
  const lines = [...windows, ...personalDeadlineLines(content)];
  const parts: Part[] = [
    text(lines.join('\n')),
    note(`Each deadline lasts until the end of its day, ${escapeMrkdwn(cycle.timeZone)} time.`),
  ];
  if (cycle.faq) parts.push(note(`📖 From ${faqCitationById(cycle.faq, content)}`));
  return parts;
}

export function scheduleMessage(content: Content, marks: ScheduleMarks = {}): Message {
  const { cycle } = content.schedule;
  return {
    text: `${cycle.name} schedule: ${[
      ...groupsInWindowOrder(content).map((g) => `${g.name} ${formatRange(g.window.start, g.window.end)}`),
      ...content.policy.deadlines.map((d) => d.reason),
    ].join('; ')}`,
    parts: [heading(scheduleHeading(content)), ...scheduleParts(content, marks)],
  };
}

export const CONTACTS_HEADING = 'Who to contact';
export const ADDRESSES_BLANK =
  'The FAQ page leaves these addresses blank; they will appear here once they are published.';

export function contactsParts(content: Content): Part[] {
  const lines = content.contacts.contacts.map(
    (c) => `• *${escapeMrkdwn(c.purpose)}*: ${formatContact(c).mrkdwn}`,
  );
  const parts: Part[] = [text(lines.join('\n'))];
  if (content.contacts.contacts.some((c) => c.email === null && c.url === null)) {
    parts.push(note(ADDRESSES_BLANK));
  }
  return parts;
}

export function contactsMessage(content: Content): Message {
  return {
    text: `Contacts: ${content.contacts.contacts.map((c) => `${c.purpose}: ${formatContact(c).text}`).join('; ')}`,
    parts: [heading(CONTACTS_HEADING), ...contactsParts(content)],
  };
}
