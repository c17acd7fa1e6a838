// The reference messages: help, the modules, the rollout schedule and the contacts.
import { renderContact } from '../../answer/index.js';
import type { Content } from '../../content/load.js';
import { escapeMrkdwn } from '../escape.js';
import { type Block, context, fitMessage, header, type MessageView, section } from './blocks.js';
import { faqCitationById, formatRange, moduleLabel } from './format.js';
import { privacyBlock } from './privacy.js';

export interface HelpEntry {
  /** As typed after the command: `status`, `ask <question>`. */
  usage: string;
  description: string;
}

export const COMMAND = '/harassment-training';

export function buildHelpMessage(
  entries: readonly HelpEntry[],
  options: { intro?: string; privacy: readonly string[] },
): MessageView {
  // Usage contains `<question>`: unescaped, Slack would read it as a link.
  const lines = entries.map((e) => `• \`${COMMAND} ${escapeMrkdwn(e.usage)}\`: ${e.description}`);
  const blocks: Block[] = [];
  if (options.intro) blocks.push(section(options.intro));
  blocks.push(
    header('What I can do'),
    section(lines.join('\n')),
    section('You can also send me a question in a direct message, or mention me in a channel.'),
    privacyBlock(options.privacy),
  );
  const text = [options.intro, 'What I can do:', ...lines, ...options.privacy].filter(Boolean).join('\n');
  return fitMessage({ text, blocks });
}

export function buildModulesBlocks(content: Content): Block[] {
  const { course, modules, required, topics } = content.modules;
  const blocks: Block[] = [
    section(
      `*${escapeMrkdwn(course.name)}* in ${escapeMrkdwn(course.platform)}: ${required === 1 ? 'one' : required} of the ${modules.length} options is required, and you may take more.`,
    ),
    section(
      modules
        .map(
          (m) =>
            `• *${escapeMrkdwn(moduleLabel(m))}*${m.description ? `: ${escapeMrkdwn(m.description)}` : ''}`,
        )
        .join('\n'),
    ),
    section(
      `*How to reach it:* ${escapeMrkdwn(course.howToAccess)}${course.url ? ` <${course.url}|Open the course>` : ''}`,
    ),
  ];
  if (topics.length > 0) blocks.push(context(`Topics: ${escapeMrkdwn(topics.join(', '))}`));
  if (course.faq) blocks.push(context(`📖 From ${faqCitationById(course.faq, content)}`));
  return blocks;
}

export function buildModulesMessage(content: Content): MessageView {
  const { course, modules } = content.modules;
  return fitMessage({
    text: `${course.name}: ${modules.map(moduleLabel).join(', ')}. ${course.howToAccess}`,
    blocks: [header('The training modules'), ...buildModulesBlocks(content)],
  });
}

export interface ScheduleMarks {
  /** The day (YYYY-MM-DD, in the cycle's zone) that decides which window is open now. */
  today?: string;
  /** The viewer's training group. */
  groupId?: string | null;
}

export function buildScheduleBlocks(content: Content, marks: ScheduleMarks = {}): Block[] {
  const { cycle, groups } = content.schedule;
  const lines = groups.map((g) => {
    const notes: string[] = [];
    if (marks.today && g.window.start <= marks.today && marks.today <= g.window.end) notes.push('open now');
    if (marks.today && marks.today > g.window.end) notes.push('closed');
    if (marks.groupId === g.id) notes.push('your group');
    const note = notes.length > 0 ? ` _(${notes.join(', ')})_` : '';
    return `• *${escapeMrkdwn(g.name)}*: ${formatRange(g.window.start, g.window.end)}${note}\n    ${escapeMrkdwn(g.who)}`;
  });
  const blocks: Block[] = [
    section(lines.join('\n')),
    context(`Each deadline lasts until the end of its day, ${escapeMrkdwn(cycle.timeZone)} time.`),
  ];
  if (cycle.faq) blocks.push(context(`📖 From ${faqCitationById(cycle.faq, content)}`));
  return blocks;
}

export function buildScheduleMessage(content: Content, marks: ScheduleMarks = {}): MessageView {
  const { cycle, groups } = content.schedule;
  return fitMessage({
    text: `${cycle.name} schedule: ${groups.map((g) => `${g.name} ${formatRange(g.window.start, g.window.end)}`).join('; ')}`,
    blocks: [header(`Rollout schedule, ${cycle.year}`), ...buildScheduleBlocks(content, marks)],
  });
}

export function buildContactsBlocks(content: Content): Block[] {
  const lines = content.contacts.contacts.map(
    (c) => `• *${escapeMrkdwn(c.purpose)}*: ${renderContact(c).mrkdwn}`,
  );
  // A section holds 3,000 characters: split the list in halves if it ever outgrows one.
  const blocks: Block[] = [];
  let chunk: string[] = [];
  for (const line of lines) {
    if ([...chunk, line].join('\n').length > 2900) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
    }
    chunk.push(line);
  }
  if (chunk.length > 0) blocks.push(section(chunk.join('\n')));
  if (content.contacts.contacts.some((c) => c.email === null && c.url === null)) {
    blocks.push(
      context('The FAQ page leaves these addresses blank; they will appear here once they are published.'),
    );
  }
  return blocks;
}

export function buildContactsMessage(content: Content): MessageView {
  return fitMessage({
    text: `Contacts: ${content.contacts.contacts.map((c) => `${c.purpose}: ${renderContact(c).text}`).join('; ')}`,
    blocks: [header('Who to contact'), ...buildContactsBlocks(content)],
  });
}
