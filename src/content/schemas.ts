// The shape of everything under content/: one zod schema per file, types inferred from them.
import { z } from 'zod';

/** Lower-case words joined by dashes: stable ids that other files and the code refer to. */
export const Id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, dashes)');

/** A calendar date as written in YAML (`2021-02-17`), kept as the string. */
export const IsoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

export const Role = z.enum(['faculty', 'staff', 'graduate_student', 'other']);
export type Role = z.infer<typeof Role>;
export const Area = z.enum(['school', 'vpr', 'central_admin']);
export type Area = z.infer<typeof Area>;
export const Leave = z.enum(['sabbatical', 'junior_faculty_leave']);
export type Leave = z.infer<typeof Leave>;

// ---------------------------------------------------------------- faq.yml

export const FaqCategory = z.enum(['requirement', 'content', 'schedule']);
export type FaqCategory = z.infer<typeof FaqCategory>;

export const FaqEntry = z.strictObject({
  id: Id,
  category: FaqCategory,
  /** The question's number in the source page, within its category (schedule has none). */
  number: z.number().int().positive().optional(),
  question: z.string().min(5),
  /** Slack mrkdwn. `{{contact:ID}}` is replaced by the contact's name and address when rendered. */
  answer: z.string().min(5),
  contacts: z.array(Id).default([]),
  modules: z.array(z.string()).default([]),
  related: z.array(Id).default([]),
  /** Other ways people ask this: what the search matches besides the question itself. */
  alternates: z.array(z.string().min(3)).min(5, 'needs at least five alternate phrasings'),
});
export type FaqEntry = z.infer<typeof FaqEntry>;

export const FaqFile = z.strictObject({
  entries: z.array(FaqEntry).min(1),
});
export type FaqFile = z.infer<typeof FaqFile>;

// ---------------------------------------------------------------- schedule.yml

/** Who belongs to a training group: every listed field must match the profile. */
export const GroupMatcher = z.strictObject({
  role: z.union([Role, z.array(Role).min(1)]).optional(),
  area: z.union([Area, z.array(Area).min(1)]).optional(),
});
export type GroupMatcher = z.infer<typeof GroupMatcher>;

export const TrainingGroup = z.strictObject({
  id: Id,
  name: z.string().min(1),
  /** Who belongs here, in words, as a person would read it. */
  who: z.string().min(1),
  /** Matched in the order groups are listed; the first group with a matching entry wins. */
  members: z.array(GroupMatcher).min(1),
  window: z.strictObject({ start: IsoDate, end: IsoDate }),
});
export type TrainingGroup = z.infer<typeof TrainingGroup>;

export const ScheduleFile = z.strictObject({
  cycle: z.strictObject({
    name: z.string().min(1),
    year: z.number().int().min(2000).max(2100),
    /** IANA zone: a deadline is the end of its day here. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York'),
    /** How often the source says the training is refreshed. */
    refreshYears: z.number().int().positive().optional(),
    faq: Id.optional(),
  }),
  groups: z.array(TrainingGroup).min(1),
});
export type ScheduleFile = z.infer<typeof ScheduleFile>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- modules.yml

export const TrainingModule = z.strictObject({
  /** The option's letter as the source uses it ("Course C"). */
  id: z.string().regex(/^[A-Z]$/, 'must be one capital letter'),
  /** Null where the source does not give the title: shown as "to be completed". */
  title: z.string().min(1).nullable(),
  description: z.string().min(1).optional(),
  /** Why the module is listed without a title, for the content check. */
  todo: z.string().optional(),
});
export type TrainingModule = z.infer<typeof TrainingModule>;

export const ModulesFile = z.strictObject({
  course: z.strictObject({
    name: z.string().min(1),
    platform: z.string().min(1),
    howToAccess: z.string().min(1),
    url: z.url().nullable(),
    faq: Id.optional(),
  }),
  /** Topics the options cover, from the source. */
  topics: z.array(z.string().min(1)).default([]),
  required: z.number().int().positive(),
  modules: z.array(TrainingModule).min(1),
});
export type ModulesFile = z.infer<typeof ModulesFile>;

// ---------------------------------------------------------------- contacts.yml

export const Contact = z.strictObject({
  id: Id,
  /** Who this is, as the bot names it ("the IDHR Office"). */
  name: z.string().min(1),
  /** What to reach them about, from the source. */
  purpose: z.string().min(1),
  /** Null until someone fills it in: the source leaves every address blank. */
  email: z.email().nullable(),
  url: z.url().nullable().default(null),
  /** FAQ entries that name this contact. */
  faq: z.array(Id).default([]),
});
export type Contact = z.infer<typeof Contact>;

export const ContactsFile = z.strictObject({
  /** The contact offered when the bot does not know the answer. */
  general: Id,
  contacts: z.array(Contact).min(1),
});
export type ContactsFile = z.infer<typeof ContactsFile>;

// ---------------------------------------------------------------- policy.yml

/** A condition over a person's profile; every listed key must hold. */
export const Condition = z.strictObject({
  role: z.union([Role, z.array(Role).min(1)]).optional(),
  paid: z.boolean().optional(),
  studyYearAtLeast: z.number().int().positive().optional(),
  studyYearBelow: z.number().int().positive().optional(),
  /** Onboarded on or after the policy's onboarding cutoff (true) or before it (false). */
  onboardedOnOrAfterCutoff: z.boolean().optional(),
  /** The appointment ends on or before the person's group deadline. */
  appointmentEndsByDeadline: z.boolean().optional(),
  leave: z.union([Leave, z.array(Leave).min(1)]).optional(),
  graduating: z.boolean().optional(),
  supervisor: z.boolean().optional(),
  /** Completed the earlier (2018) training: a question people ask, never a profile field. */
  completedEarlierTraining: z.boolean().optional(),
});
export type Condition = z.infer<typeof Condition>;

export const PolicyRule = z.strictObject({
  id: Id,
  when: Condition,
  /** The reason as the person reads it. */
  reason: z.string().min(1),
  faq: Id,
  contacts: z.array(Id).default([]),
  /**
   * An exemption only: its condition as a clause after "Yes, unless", said to someone required whose profile
   * lacks the fact it needs (no start date), instead of a flat "Yes".
   */
  unless: z.string().min(1).optional(),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

export const Recommendation = z.strictObject({
  id: Id,
  when: Condition,
  text: z.string().min(1),
  modules: z.array(z.string()).default([]),
  contacts: z.array(Id).default([]),
  faq: Id,
});
export type Recommendation = z.infer<typeof Recommendation>;

export const PolicyFile = z.strictObject({
  /** Employees onboarded on or after this date are exempt (their onboarding covered the topics). */
  onboardingCutoff: IsoDate,
  /** Who must take it. A person matching none is not required. */
  required: z.array(PolicyRule).min(1),
  /** Who need not, checked after `required`; the first that matches decides. */
  exempt: z.array(PolicyRule).default([]),
  /** Situations people ask about that do NOT exempt them. */
  stillRequired: z.array(PolicyRule).default([]),
  recommendations: z.array(Recommendation).default([]),
});
export type PolicyFile = z.infer<typeof PolicyFile>;

// ---------------------------------------------------------------- resources.yml

export const Resource = z.strictObject({
  id: Id,
  name: z.string().min(1),
  description: z.string().min(1),
  contact: Id.optional(),
  url: z.url().nullable().default(null),
  faq: z.array(Id).default([]),
});
export type Resource = z.infer<typeof Resource>;

export const ResourcesFile = z.strictObject({
  /** Said with every answer to a sensitive message. */
  notReportingChannel: z.string().min(1),
  /** Said with every "I don't know": where to turn if something happened to the asker or someone they know. */
  ifSomethingHappened: z.string().min(1),
  /** Said when someone describes a situation brought to them: who must inform IDHR (content questions 3 and 4). */
  broughtToYou: z.strictObject({ text: z.string().min(1), faq: z.array(Id).min(1) }),
  resources: z.array(Resource).min(1),
});
export type ResourcesFile = z.infer<typeof ResourcesFile>;

// ---------------------------------------------------------------- synonyms.yml

/** A word or phrase as the search compares it: lower case, letters, digits and single spaces. */
export const SearchTerm = z
  .string()
  .regex(/^[a-z0-9]+(?: [a-z0-9]+)*$/, 'must be lower-case words without punctuation ("dont", not "don\'t")');

export const SynonymsFile = z.strictObject({
  /** Each group is read as its first term, in the FAQ and in questions alike. */
  groups: z.array(z.array(SearchTerm).min(2, 'a group needs at least two terms')).default([]),
});
export type SynonymsFile = z.infer<typeof SynonymsFile>;

// ---------------------------------------------------------------- out-of-scope.yml

/**
 * Questions the source does not answer, kept as content: the learned ranker trains on them as their own
 * class. They state nothing; they only teach the engine what lies outside the FAQ.
 */
export const OutOfScopeFile = z.strictObject({
  examples: z.array(z.string().min(3)).min(20, 'needs at least twenty examples to learn from'),
});
export type OutOfScopeFile = z.infer<typeof OutOfScopeFile>;

// ---------------------------------------------------------------- reminders.yml

/** What a reminder template may say, each filled in per recipient when it is sent (src/broadcast/templates.ts). */
export const REMINDER_PLACEHOLDERS = [
  'firstName',
  'group',
  'windowStart',
  'deadline',
  'window',
  'daysLeft',
  'daysLate',
  'course',
  'howToAccess',
  'helpContact',
] as const;
export type ReminderPlaceholder = (typeof REMINDER_PLACEHOLDERS)[number];

/** Placeholders about one person: an announcement to a channel cannot use them. */
export const PERSONAL_PLACEHOLDERS: readonly ReminderPlaceholder[] = ['firstName', 'daysLeft', 'daysLate'];

/** `{{name}}` in a reminder template. */
export const PLACEHOLDER_TOKEN = /\{\{\s*([^}]*?)\s*\}\}/g;

export const ReminderTemplate = z.strictObject({
  id: Id,
  /** As an admin picks it in the composer (a select option: 75 characters at most). */
  name: z.string().min(1).max(75),
  /** `reminder`: one DM per person; `announcement`: one message to a channel, no personal placeholders. */
  kind: z.enum(['reminder', 'announcement']).default('reminder'),
  /** Slack mrkdwn with `{{placeholder}}`s. */
  text: z.string().min(1).max(2500),
  /** The contact `{{helpContact}}` names; default contacts.yml `general`. */
  contact: Id.optional(),
});
export type ReminderTemplate = z.infer<typeof ReminderTemplate>;

/** When in a group's window a scheduled reminder goes out. */
export const ReminderTrigger = z.union([
  z.strictObject({ windowOpens: z.literal(true) }),
  z.strictObject({ daysBeforeDeadline: z.number().int().positive() }),
  z.strictObject({ overdueEveryDays: z.number().int().positive() }),
]);
export type ReminderTrigger = z.infer<typeof ReminderTrigger>;

export const ScheduledReminder = z.strictObject({
  id: Id,
  when: ReminderTrigger,
  template: Id,
  /** Training group ids; every group when absent. */
  groups: z.array(Id).optional(),
});
export type ScheduledReminder = z.infer<typeof ScheduledReminder>;

export const RemindersFile = z.strictObject({
  templates: z.array(ReminderTemplate).min(1),
  schedule: z.strictObject({
    /** Scheduled reminders go out at this hour, local time in the cycle's time zone. */
    hour: z.number().int().min(0).max(23),
    /** Monday to Friday only: a reminder falling on a weekend moves to the nearest weekday in its direction. */
    weekdaysOnly: z.boolean().default(true),
    reminders: z.array(ScheduledReminder).default([]),
  }),
});
export type RemindersFile = z.infer<typeof RemindersFile>;
