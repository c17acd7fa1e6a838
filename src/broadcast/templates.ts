// Reminder templates from content/reminders.yml filled in for one person (or, for an announcement, one group):
// dates as calendar days of the cycle, contacts and the course as content gives them, never a guess.
import type { Content } from '../content/load.js';
import {
  PERSONAL_PLACEHOLDERS,
  PLACEHOLDER_TOKEN,
  type ReminderPlaceholder,
  type ReminderTemplate,
  type TrainingGroup,
} from '../content/schemas.js';
import { AppError } from '../errors.js';
import { daysToDeadline, hoursPart, type PersonalStatus } from '../rules/index.js';
import { formatContact, formatDay, plural } from '../text/format.js';
import { escapeMrkdwn } from '../text/mrkdwn.js';

/** `{{firstName}}` for someone whose roster record has no name. */
export const NO_FIRST_NAME = 'there';

export class TemplateError extends AppError {
  static override readonly code: string = 'template_invalid';
  static override readonly expected: boolean = true;
  override name = 'TemplateError';
}

export class UnknownTemplateError extends TemplateError {
  static override readonly code = 'template_unknown';
  static override readonly expected = true;
  constructor(
    readonly templateId: string,
    known: readonly string[],
  ) {
    super(`Unknown reminder template "${templateId}": expected one of ${known.join(', ')}.`);
  }
}

export function findTemplate(content: Content, id: string): ReminderTemplate {
  const template = content.reminders.templates.find((t) => t.id === id);
  if (!template)
    throw new UnknownTemplateError(
      id,
      content.reminders.templates.map((t) => t.id),
    );
  return template;
}

/** "Hi Cleo": the first word of the roster name, without a trailing comma. */
export function firstNameOf(name: string | undefined): string {
  const first =
    name
      ?.trim()
      .split(/\s+/)[0]
      ?.replace(/[,;]+$/, '') ?? '';
  return first === '' ? NO_FIRST_NAME : first;
}

export interface ReminderSubject {
  /** The person's roster name; absent for an announcement. */
  name?: string;
  /** Their status now (reminders), or null for an announcement about a group. */
  status: PersonalStatus | null;
  /** For an announcement: the group it is about. */
  group?: TrainingGroup;
}

/**
 * Every placeholder's value for one subject, as Slack mrkdwn (roster text escaped). A value the subject
 * cannot give (no group, a personal one in an announcement) is missing from the map.
 */
export function placeholderValues(
  content: Content,
  template: ReminderTemplate,
  subject: ReminderSubject,
): Partial<Record<ReminderPlaceholder, string>> {
  const course = content.modules.course;
  const contactId = template.contact ?? content.contacts.general;
  const contact = content.contacts.contacts.find((c) => c.id === contactId);
  const values: Partial<Record<ReminderPlaceholder, string>> = {
    // The course has no published link (modules.yml course.url is null): name it and where it lives instead.
    course:
      course.url !== null
        ? `<${course.url}|${course.name}> (${course.platform})`
        : `the "${course.name}" course in the ${course.platform}`,
    howToAccess: course.howToAccess,
  };
  if (contact) values.helpContact = formatContact(contact).mrkdwn;
  const status = subject.status;
  const group = subject.group
    ? { name: subject.group.name, window: subject.group.window }
    : status?.group && status.window
      ? { name: status.group.name, window: status.window }
      : null;
  if (group) {
    values.group = group.name;
    values.windowStart = formatDay(group.window.start);
    values.deadline = formatDay(group.window.end);
    values.window = `${values.windowStart} to ${values.deadline}`;
  }
  // A deadline of the person's own (policy.yml `deadlines`): no group window to name. Its date is the rule's
  // (for "within N days or H hours", the day part, which the reminder's day counts to), the hours said apart.
  const applied = status?.personal?.applied;
  if (!group && status?.personal && status.deadline)
    values.deadline = formatDay(applied?.due ?? status.deadline);
  if (subject.status) {
    values.firstName = escapeMrkdwn(firstNameOf(subject.name));
    values.hours = (applied && hoursPart(applied)) ?? '';
    const left = status ? daysToDeadline(status) : null;
    if (left !== null && left !== undefined) {
      if (left >= 0) values.daysLeft = left === 0 ? 'less than a day' : plural(left, 'day');
      else values.daysLate = plural(-left, 'day');
    }
  }
  return values;
}

/** The template filled in; throws a TemplateError naming a placeholder this subject cannot fill. */
export function renderTemplate(
  content: Content,
  template: ReminderTemplate,
  subject: ReminderSubject,
): string {
  const values = placeholderValues(content, template, subject);
  const text = template.text.replace(PLACEHOLDER_TOKEN, (_token, name: string) => {
    const value = values[name as ReminderPlaceholder];
    if (value !== undefined) return value;
    if (template.kind === 'announcement' && PERSONAL_PLACEHOLDERS.includes(name as ReminderPlaceholder))
      throw new TemplateError(`Template "${template.id}" is an announcement and cannot use {{${name}}}.`);
    throw new TemplateError(
      `Template "${template.id}" needs {{${name}}}, which this recipient's status cannot fill.`,
    );
  });
  // A placeholder that says nothing for this person ({{hours}} without an hours limit) leaves no trailing space.
  return text.replace(/[ \t]+$/gm, '');
}

/** The placeholders a template uses. */
export function placeholdersIn(template: ReminderTemplate): Set<string> {
  return new Set([...template.text.matchAll(PLACEHOLDER_TOKEN)].map((m) => m[1] ?? ''));
}
