// The shape of everything under content/: one zod schema per file, types inferred from them.
import { z } from 'zod';

/**
 * A strict object whose unknown-key message lists the keys it allows, so a typo (`member:` for `members:`)
 * is answered with the right spelling.
 */
export function strict<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: allowed keys are ${Object.keys(shape).join(', ')}`
        : undefined,
  });
}

/** Lower-case words joined by dashes: stable ids that other files and the code refer to. */
export const Id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, dashes)');

/** A calendar date as written in YAML (`2021-02-17`), kept as the string. */
export const IsoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

/**
 * A role, as the content names it: one policy.yml `roles` declares (with how a person reads it). The content
 * decides the names; a condition's `role`, a roster row and a profile must each name a declared one.
 */
export const RoleName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]*$/,
    'must be a lower-case name (a-z, 0-9, "_" or "-"), as policy.yml roles declares it',
  );
export type RoleName = z.infer<typeof RoleName>;
/**
 * Where an appointment sits (a school, a division, a site): a name from policy.yml `areas`, which says how
 * each is read to a person. The content decides the names; a condition's `area` must be one of them.
 */
export const AreaName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]*$/,
    'must be a lower-case name (a-z, 0-9, "_" or "-"), as policy.yml areas lists it',
  );
export type AreaName = z.infer<typeof AreaName>;
/**
 * A kind of leave (a research leave, a parental leave): a name policy.yml `leaves` declares, with how a person
 * reads it. The content decides the names; a condition's `leave`, a roster row and a profile must each name a
 * declared one. Never `none`, which is how the "Check for me" form says "not on leave" (NOT_ON_LEAVE).
 */
export const LeaveName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]*$/,
    'must be a lower-case name (a-z, 0-9, "_" or "-"), as policy.yml leaves declares it',
  );
export type LeaveName = z.infer<typeof LeaveName>;
/** What the "Check for me" form answers for someone not on leave: no leave may be declared under this name. */
export const NOT_ON_LEAVE = 'none';

// ---------------------------------------------------------------- faq.yml

export const FaqCategory = z.enum(['requirement', 'content', 'schedule']);
export type FaqCategory = z.infer<typeof FaqCategory>;

export const FaqEntry = strict({
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
});
export type FaqEntry = z.infer<typeof FaqEntry>;

/** A prompt offered when someone opens the app's assistant thread in Slack: a short label and what it sends. */
export const SuggestedPrompt = strict({
  title: z.string().min(1).max(75),
  message: z.string().min(1).max(300),
});
export type SuggestedPrompt = z.infer<typeof SuggestedPrompt>;

export const FaqFile = strict({
  entries: z.array(FaqEntry).min(1),
  /** What Slack's assistant thread suggests (at most four, as Slack shows): what people ask most. */
  prompts: z.array(SuggestedPrompt).max(4).default([]),
});
export type FaqFile = z.infer<typeof FaqFile>;

// ---------------------------------------------------------------- conditions (schedule.yml, policy.yml)

/** One value or a list of them: the condition holds when the profile has any of them. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);

/** Bounds on a date of the profile: `before` is exclusive, `onOrAfter` inclusive (both calendar days). */
export const DateBounds = strict({ before: IsoDate.optional(), onOrAfter: IsoDate.optional() }).refine(
  (b) => b.before !== undefined || b.onOrAfter !== undefined,
  'give "before", "onOrAfter" or both',
);
export type DateBounds = z.infer<typeof DateBounds>;

/**
 * A condition over a person's profile, the one language of training-group members and policy rules: every
 * listed key must hold; a list of values means any of them; `anyOf` holds when one of its conditions does,
 * `not` when its condition does not. Evaluated by src/content/conditions.ts, the only implementation.
 */
export interface Condition {
  /** One of policy.yml `roles` (content check refuses any other). */
  role?: RoleName | RoleName[] | undefined;
  paid?: boolean | undefined;
  area?: AreaName | AreaName[] | undefined;
  /** The roster's department (or unit, laboratory, centre), compared without regard to case. */
  department?: string | string[] | undefined;
  studyYear?: number | number[] | undefined;
  studyYearAtLeast?: number | undefined;
  studyYearBelow?: number | undefined;
  startDate?: DateBounds | undefined;
  appointmentEnd?: DateBounds | undefined;
  /** One of policy.yml `leaves` (content check refuses any other). */
  leave?: LeaveName | LeaveName[] | undefined;
  graduating?: boolean | undefined;
  supervisor?: boolean | undefined;
  /** Seasonal or temporary (or hired for a short term, as the content defines it). */
  seasonal?: boolean | undefined;
  /** Hours worked, as the roster last counted them: at least / fewer than the number. */
  hoursWorkedAtLeast?: number | undefined;
  hoursWorkedBelow?: number | undefined;
  /** The person's training group (policy rules only: groups are decided before the policy). */
  group?: string | string[] | undefined;
  /** Onboarded on or after the policy's onboarding cutoff (true) or before it (false). Policy rules only. */
  onboardedOnOrAfterCutoff?: boolean | undefined;
  /** The appointment ends on or before the person's group deadline. Policy rules only. */
  appointmentEndsByDeadline?: boolean | undefined;
  /** Completed the training of an earlier cycle: known from the completion history. Policy rules only. */
  completedEarlierTraining?: boolean | undefined;
  anyOf?: Condition[] | undefined;
  not?: Condition | undefined;
}

export const Condition: z.ZodType<Condition> = strict({
  role: oneOrMany(RoleName).optional(),
  paid: z.boolean().optional(),
  area: oneOrMany(AreaName).optional(),
  department: oneOrMany(z.string().min(1)).optional(),
  studyYear: oneOrMany(z.number().int().positive()).optional(),
  studyYearAtLeast: z.number().int().positive().optional(),
  studyYearBelow: z.number().int().positive().optional(),
  startDate: DateBounds.optional(),
  appointmentEnd: DateBounds.optional(),
  leave: oneOrMany(LeaveName).optional(),
  graduating: z.boolean().optional(),
  supervisor: z.boolean().optional(),
  seasonal: z.boolean().optional(),
  hoursWorkedAtLeast: z.number().nonnegative().optional(),
  hoursWorkedBelow: z.number().positive().optional(),
  group: oneOrMany(Id).optional(),
  onboardedOnOrAfterCutoff: z.boolean().optional(),
  appointmentEndsByDeadline: z.boolean().optional(),
  completedEarlierTraining: z.boolean().optional(),
  get anyOf() {
    return z.array(Condition).min(1).optional();
  },
  get not() {
    return Condition.optional();
  },
});

/** Condition keys, in the order the schema lists them (for messages that name the allowed ones). */
export const CONDITION_KEYS = [
  'role',
  'paid',
  'area',
  'department',
  'studyYear',
  'studyYearAtLeast',
  'studyYearBelow',
  'startDate',
  'appointmentEnd',
  'leave',
  'graduating',
  'supervisor',
  'seasonal',
  'hoursWorkedAtLeast',
  'hoursWorkedBelow',
  'group',
  'onboardedOnOrAfterCutoff',
  'appointmentEndsByDeadline',
  'completedEarlierTraining',
  'anyOf',
  'not',
] as const satisfies readonly (keyof Condition)[];

/**
 * Keys a training group's members cannot use: they depend on the group (its deadline) or on the policy, which
 * is read after the group is known.
 */
export const POLICY_ONLY_KEYS = [
  'group',
  'onboardedOnOrAfterCutoff',
  'appointmentEndsByDeadline',
  'completedEarlierTraining',
] as const satisfies readonly (keyof Condition)[];

/** Who belongs to a training group: any of the listed conditions. */
export const GroupMatcher = Condition;
export type GroupMatcher = Condition;

// ---------------------------------------------------------------- schedule.yml

export const TrainingGroup = strict({
  id: Id,
  name: z.string().min(1),
  /** Who belongs here, in words, as a person would read it. */
  who: z.string().min(1),
  /**
   * Who belongs: any of these conditions (groups are tried in the order listed; the first that matches
   * wins), or `roster` for a group only the roster's `group` column assigns.
   */
  members: z.union([z.literal('roster'), z.array(Condition).min(1)]),
  /** People the members would include but who are not in this group (they fall through to later groups). */
  except: z.array(Condition).min(1).optional(),
  window: strict({ start: IsoDate, end: IsoDate }),
});
export type TrainingGroup = z.infer<typeof TrainingGroup>;

/** A cycle before this one: its completions are kept and shown, and its modules accepted on import. */
export const EarlierCycle = strict({
  /** The cycle's `name` as it was: completions are recorded under it. */
  name: z.string().min(1),
  /** As people read it ("2020-21"). */
  label: z.string().min(1),
  /** Its module letters: a completion of one that this cycle does not offer is recorded under it. */
  modules: z.array(z.string().regex(/^[A-Z]$/, 'must be one capital letter')).min(1),
});
export type EarlierCycle = z.infer<typeof EarlierCycle>;

export const ScheduleFile = strict({
  cycle: strict({
    name: z.string().min(1),
    /** How headers name the cycle ("Rollout schedule, 2025-26"); the `year` when absent. */
    label: z.string().min(1).optional(),
    year: z.number().int().min(2000).max(2100).optional(),
    /** IANA zone: a deadline is the end of its day here. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York'),
    /** How often the source says the training is refreshed. */
    refreshYears: z.number().int().positive().optional(),
    faq: Id.optional(),
  }).refine((c) => c.label !== undefined || c.year !== undefined, {
    message: 'give the cycle a "label" (such as "2025-26")',
    path: ['label'],
  }),
  /**
   * The fixed windows. May be empty when every deadline is relative to the person (policy.yml `deadlines`);
   * the content check asks for one or the other.
   */
  groups: z.array(TrainingGroup).default([]),
  /** Earlier cycles, most recent first. */
  earlierCycles: z.array(EarlierCycle).default([]),
});
export type ScheduleFile = z.infer<typeof ScheduleFile>;

/** The cycle as headers name it. */
export function cycleLabel(schedule: Pick<ScheduleFile, 'cycle'>): string {
  return schedule.cycle.label ?? String(schedule.cycle.year);
}

/** Whether `zone` is an IANA time zone the runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- modules.yml

export const TrainingModule = strict({
  /** The option's letter as the source uses it ("Course C"). */
  id: z.string().regex(/^[A-Z]$/, 'must be one capital letter'),
  /** Null where the source does not give the title: shown as "to be completed". */
  title: z.string().min(1).nullable(),
  description: z.string().min(1).optional(),
  /** How long it takes, in minutes, where the course says so. */
  minutes: z.number().int().positive().optional(),
  /** Why the module is listed without a title, for the content check. */
  todo: z.string().optional(),
});
export type TrainingModule = z.infer<typeof TrainingModule>;

export const ModulesFile = strict({
  course: strict({
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

export const Contact = strict({
  id: Id,
  /** Who this is, as the bot names it ("the People Team"). */
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

export const ContactsFile = strict({
  /** The contact offered when the bot does not know the answer. */
  general: Id,
  contacts: z.array(Contact).min(1),
});
export type ContactsFile = z.infer<typeof ContactsFile>;

// ---------------------------------------------------------------- policy.yml

export const PolicyRule = strict({
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

export const Recommendation = strict({
  id: Id,
  when: Condition,
  text: z.string().min(1),
  modules: z.array(z.string()).default([]),
  contacts: z.array(Id).default([]),
  faq: Id,
});
export type Recommendation = z.infer<typeof Recommendation>;

/** A word or phrase as a question may use it, lower case (matched as whole words). */
const Mention = z.string().trim().min(2).toLowerCase();

/** How a person reads an area name (policy.yml `areas`). */
export const AreaLabel = strict({
  id: AreaName,
  /** In a sentence: "where your appointment sits (a school, …)". */
  label: z.string().min(1),
  /** As the eligibility form offers it; the label when absent. */
  choice: z.string().min(1).max(75).optional(),
  /**
   * How people name it in a question ("the east site"), lower case: a question naming one is read as about
   * this area (and, when it names no role, as `role`'s), to fit the answer to them.
   */
  mentions: z.array(Mention).default([]),
  /** The role whose appointments sit in the area: a question naming the area and no role is read as theirs. */
  role: RoleName.optional(),
});
export type AreaLabel = z.infer<typeof AreaLabel>;

/**
 * A kind of leave the institution grants (policy.yml `leaves`), and how people read and write it. Conditions,
 * the roster's `leave` column and profiles name it by `id`; everything a person reads about it comes from here.
 */
export const LeaveLabel = strict({
  id: LeaveName.refine((id) => id !== NOT_ON_LEAVE, {
    message: `"${NOT_ON_LEAVE}" is how the "Check for me" form says "not on leave": choose another id`,
  }),
  /** As the "Check for me" form offers it: "Parental leave". */
  label: z.string().min(1).max(75),
  /** After "you are on", as replies say it: "If you are on parental leave", "you are on parental leave". */
  youAreOn: z.string().min(1),
  /** Phrases naming it wherever they stand in a question ("maternity leave"), lower case (a plural "s" too). */
  mentions: z.array(Mention).default([]),
});
export type LeaveLabel = z.infer<typeof LeaveLabel>;

/** The profile facts a role's people may have: what the "Check for me" form may ask them. */
export const ROLE_FIELDS = [
  'paid',
  'studyYear',
  'startDate',
  'appointmentEnd',
  'leave',
  'graduating',
  'area',
  'supervisor',
  'roleStart',
  'seasonal',
  'hoursWorked',
] as const;
export type RoleField = (typeof ROLE_FIELDS)[number];

/**
 * A role the institution has (policy.yml `roles`), and how people read and write it. Conditions, the roster's
 * `role` column and profiles name roles by `id`; everything a person reads about a role comes from here.
 */
export const RoleLabel = strict({
  id: RoleName,
  /** As a sentence names it: "your role is graduate student". */
  label: z.string().min(1),
  /** Several of them, as a hint says who a question is for ("Graduate students only"); the label when absent. */
  plural: z.string().min(1).optional(),
  /** After "you are", saying back what a question stated: "a graduate student"; the label when absent. */
  youAre: z.string().min(1).optional(),
  /** As the eligibility form offers it; the label when absent. */
  choice: z.string().min(1).max(75).optional(),
  /**
   * The profile facts that apply to people in this role: the eligibility form asks them (those a condition
   * reads) of someone who chooses it, and no others. Every one when absent.
   */
  fields: z.array(z.enum(ROLE_FIELDS)).optional(),
  /** Phrases naming the role wherever they stand in a question ("grad students", "faculty member"), lower case. */
  mentions: z.array(Mention).default([]),
  /**
   * What people in the role call themselves after "i am" or "as" (an article and one more word may come
   * between: "as a new lecturer"), lower case.
   */
  nouns: z.array(Mention).default([]),
  /**
   * For the role whose people have a year of study: a year ("3rd year", "year 2") named with one of these
   * words is read as this role's, in that year. At most one role has it.
   */
  yearOfStudyWith: z.array(Mention).min(1).optional(),
});
export type RoleLabel = z.infer<typeof RoleLabel>;

/**
 * What a person must complete, by role (policy.yml `requirements`): the first whose `when` holds is theirs.
 * A completion counts only when it is of one of its modules, so a role change (a promotion to supervisor)
 * starts a new requirement even for someone who completed another role's course.
 */
export const Requirement = strict({
  id: Id,
  when: Condition.default({}),
  /** The module letters that satisfy it (modules.yml). */
  modules: z.array(z.string().regex(/^[A-Z]$/, 'must be one capital letter')).min(1),
  /** How long the training is, where the source says so. */
  hours: z.number().positive().optional(),
  reason: z.string().min(1),
  faq: Id,
});
export type Requirement = z.infer<typeof Requirement>;

/** The profile dates a deadline may count from, and the last completion (for a refresher). */
export const DEADLINE_ANCHORS = ['startDate', 'roleStart', 'lastCompletion'] as const;
export type DeadlineAnchor = (typeof DEADLINE_ANCHORS)[number];

/** A span of time: exactly one of days, months, years; `hours` adds "or N hours worked, whichever first". */
export const Span = strict({
  days: z.number().int().positive().optional(),
  months: z.number().int().positive().optional(),
  years: z.number().int().positive().optional(),
  hours: z.number().int().positive().optional(),
}).refine(
  (s) => [s.days, s.months, s.years].filter((v) => v !== undefined).length === 1,
  'give exactly one of "days", "months" or "years" (and optionally "hours")',
);
export type Span = z.infer<typeof Span>;

/**
 * A deadline relative to the person (policy.yml `deadlines`): "within six months of the hire date", "every
 * two years from the last completion", "within 30 days or 100 hours worked, whichever first". Every rule
 * whose `when` holds gives a date; the earliest wins, and the answer names it and why.
 */
export const DeadlineRule = strict({
  id: Id,
  when: Condition.default({}),
  within: Span,
  /** What it counts from: a profile date, or the last completion that counts (a refresher). */
  after: z.enum(DEADLINE_ANCHORS),
  /** The rule as the person reads it, from the source. */
  reason: z.string().min(1),
  faq: Id,
});
export type DeadlineRule = z.infer<typeof DeadlineRule>;

export const PolicyFile = strict({
  /** The roles people hold: the names conditions, the roster and profiles may use, each as a person reads it. */
  roles: z.array(RoleLabel).min(1, 'declare at least one role: every person on the roster has one'),
  /** Employees onboarded on or after this date are exempt (their onboarding covered the topics). */
  onboardingCutoff: IsoDate.optional(),
  /** The area names conditions and the roster may use, each as a person reads it. */
  areas: z.array(AreaLabel).default([]),
  /** The kinds of leave conditions, the roster and profiles may name, each as a person reads it (none: no leave). */
  leaves: z.array(LeaveLabel).default([]),
  /** What each role must complete (first match); empty when every option counts for everyone. */
  requirements: z.array(Requirement).default([]),
  /** Deadlines relative to the person, next to (or instead of) schedule.yml's fixed windows. */
  deadlines: z.array(DeadlineRule).default([]),
  /** Who must take it. A person matching none is not required. */
  required: z.array(PolicyRule).min(1),
  /** Who need not, checked after `required`; the first that matches decides. */
  exempt: z.array(PolicyRule).default([]),
  /**
   * Who is not required but may take the training as supplemental learning (people with their own
   * training): checked first, each with its own reason and FAQ entry.
   */
  supplemental: z.array(PolicyRule).default([]),
  /** Situations people ask about that do NOT exempt them. */
  stillRequired: z.array(PolicyRule).default([]),
  recommendations: z.array(Recommendation).default([]),
});
export type PolicyFile = z.infer<typeof PolicyFile>;

/** The lists of policy.yml whose entries have a `when`: every condition the file holds. */
export const POLICY_CONDITION_LISTS = [
  'required',
  'exempt',
  'supplemental',
  'stillRequired',
  'recommendations',
  'requirements',
  'deadlines',
] as const satisfies readonly (keyof PolicyFile)[];

// ---------------------------------------------------------------- resources.yml

export const Resource = strict({
  id: Id,
  name: z.string().min(1),
  description: z.string().min(1),
  contact: Id.optional(),
  url: z.url().nullable().default(null),
  faq: z.array(Id).default([]),
});
export type Resource = z.infer<typeof Resource>;

export const ResourcesFile = strict({
  /** Said with every answer to a sensitive message. */
  notReportingChannel: z.string().min(1),
  /** Said with every "I don't know": where to turn if something happened to the asker or someone they know. */
  ifSomethingHappened: z.string().min(1),
  /** Said when someone describes a situation brought to them: who must tell whom, as the source says. */
  broughtToYou: strict({ text: z.string().min(1), faq: z.array(Id).min(1) }),
  resources: z.array(Resource).min(1),
});
export type ResourcesFile = z.infer<typeof ResourcesFile>;

// ---------------------------------------------------------------- synonyms.yml

/** A word or phrase as the search compares it: lower case, letters, digits and single spaces. */
export const SearchTerm = z
  .string()
  .regex(/^[a-z0-9]+(?: [a-z0-9]+)*$/, 'must be lower-case words without punctuation ("dont", not "don\'t")');

export const SynonymsFile = strict({
  /** Each group is read as its first term, in the FAQ and in questions alike. */
  groups: z.array(z.array(SearchTerm).min(2, 'a group needs at least two terms')).default([]),
});
export type SynonymsFile = z.infer<typeof SynonymsFile>;

// ---------------------------------------------------------------- calibration.yml

const Probability = z.number().gt(0).lte(1);

/**
 * The answer engine's cut-offs for this content's training data (calibration.yml), written by
 * `npm run calibrate -- --content DIR` from the leave-one-writer-out reliability curve, never by hand. The
 * fingerprint is the hash of what the model is trained from: a content check fails when it is stale.
 */
export const CalibrationFile = strict({
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'a 16-digit hex hash written by npm run calibrate'),
  /** At or above, the best FAQ entry is the answer. */
  answerAt: Probability,
  /** At or above, the FAQ entries' probabilities together put their likeliest under "did you mean". */
  suggestAt: Probability,
  /** At or above, the message is read as a disclosure. */
  disclosureAt: Probability,
  /**
   * The hand-written disclosure patterns decide beside the model: written true only when the model alone
   * did not recognise enough of the training data's disclosures. Absent: false.
   */
  disclosurePatterns: z.boolean().optional(),
  /**
   * At or above, one clause of a message read alone makes it a message that tells something (and perhaps asks
   * too). Absent: the clauses are not read on their own (a calibration.yml written before round 29).
   */
  clauseDisclosureAt: Probability.optional(),
  /**
   * At or above, the model's probability that the whole message tells something and asks about the training (the
   * training data's `told-and-asked` class) makes it one. Absent: no such class (no writer wrote any).
   */
  toldAt: Probability.optional(),
  /**
   * Below toldAt and at or above this, that probability gives only the support line, under an answer the model is
   * sure of. Absent: toldAt for both (a calibration.yml written before round 34).
   */
  toldSupportAt: Probability.optional(),
})
  .refine((c) => c.suggestAt <= c.answerAt, {
    message: 'suggestAt must not be above answerAt',
    path: ['suggestAt'],
  })
  .refine((c) => c.toldSupportAt === undefined || (c.toldAt !== undefined && c.toldSupportAt <= c.toldAt), {
    message: 'toldSupportAt needs toldAt, and must not be above it',
    path: ['toldSupportAt'],
  });
export type CalibrationFile = z.infer<typeof CalibrationFile>;

// ---------------------------------------------------------------- training/*.yml

/** The label of a phrasing that no FAQ entry answers: the engine says so and names the right contact. */
export const OUT_OF_SCOPE = 'out-of-scope';

/** Fewer phrasings than this for an FAQ entry and the engine cannot learn how people ask it. */
export const MIN_PHRASINGS_PER_ENTRY = 40;

const Phrasing = z.string().trim().min(1);

/**
 * What an exchange's second message is: a follow-up that needs the first, a new question on another entry, a
 * question the source does not answer, one about the asker's own record, or thanks.
 */
export const EXCHANGE_KINDS = ['follow-up', 'new-question', 'out-of-scope', 'own-record', 'thanks'] as const;
export type ExchangeKind = (typeof EXCHANGE_KINDS)[number];

/**
 * One writer's phrasings (content/training/<writer>.yml): how people ask, each under what it means. They
 * state nothing and are never shown; the engine learns from them. One file per writer, so that the
 * cross-validation can leave each writer out and measure what a new person's wording does.
 */
export const TrainingFile = z.strictObject({
  /** Who wrote them (the file name without .yml). */
  writer: Id,
  /** Who the writer wrote as. */
  persona: z.string().min(3),
  /** When (YYYY-MM-DD). */
  written: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
  /** Ways of asking each FAQ entry, by entry id. */
  faq: z.record(z.string(), z.array(Phrasing)).default({}),
  /** Questions only the asker's own record answers ("am I on the list?"): the personal status reply. */
  personal: z.array(Phrasing).default([]),
  /** Questions the source does not answer. */
  'out-of-scope': z.array(Phrasing).default([]),
  /** Hello, thanks, bye. */
  greetings: z.array(Phrasing).default([]),
  /** Messages about something that happened to the writer or someone close: the careful reply. */
  disclosures: z.array(Phrasing).default([]),
  /**
   * Questions about the course's topics in a disclosure's words ("which module covers stalking?"), which
   * must not get the careful reply: under the entry that answers them, `out-of-scope`, or no `entry` (then
   * they only teach the disclosure detector).
   */
  'course-topics': z.array(z.strictObject({ q: Phrasing, entry: z.string().optional() })).default([]),
  /**
   * Messages that tell something (to the writer or someone they know) and ask about the training at once, with
   * the entry that answers the question part: learned whole as a class of their own (care, and the question
   * answered beside it), never as a disclosure or an entry (src/content/training.ts says why).
   */
  'told-and-asked': z.array(z.strictObject({ q: Phrasing, entry: z.string().min(1) })).default([]),
  /**
   * Two messages in a row, the second the one answered: `before` then `message`, under what the second means
   * read after the first (an entry id, `out-of-scope`, `personal` or `greeting`): "I'm on sabbatical next term",
   * then "still have to?" (sabbatical-leave, a follow-up); "can I do it at work?", then "how i know its done"
   * (confirm-completion, a new question). src/content/training.ts says how the model learns each kind.
   */
  exchanges: z
    .array(
      z.strictObject({
        before: Phrasing,
        message: Phrasing,
        label: z.string().min(1),
        /**
         * What the second message is. A follow-up (it cannot be understood without the first) is learned read
         * after the first, and alone as what a follow-up looks like; any other kind is learned alone as `label`.
         */
        kind: z.enum(EXCHANGE_KINDS),
      }),
    )
    .default([]),
});
export type TrainingFile = z.infer<typeof TrainingFile>;

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
  // The hours part of a deadline "within N days or H hours worked" (policy.yml `deadlines`), as a sentence;
  // empty for anyone whose deadline has none.
  'hours',
] as const;
export type ReminderPlaceholder = (typeof REMINDER_PLACEHOLDERS)[number];

/** Placeholders about one person: an announcement to a channel cannot use them. */
export const PERSONAL_PLACEHOLDERS: readonly ReminderPlaceholder[] = [
  'firstName',
  'daysLeft',
  'daysLate',
  'hours',
];

/** `{{name}}` in a reminder template. */
export const PLACEHOLDER_TOKEN = /\{\{\s*([^}]*?)\s*\}\}/g;

export const ReminderTemplate = strict({
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

/**
 * When a scheduled reminder goes out: in a group's window (`windowOpens`, `daysBeforeDeadline`,
 * `overdueEveryDays`), or by each person's own deadline (policy.yml `deadlines`): `daysBeforeOwnDeadline`
 * ("30 days before your own deadline") and `ownDeadlineOverdue` (the first day it is overdue), each once per
 * person and deadline.
 */
export const ReminderTrigger = z.union([
  strict({ windowOpens: z.literal(true) }),
  strict({ daysBeforeDeadline: z.number().int().positive() }),
  strict({ daysBeforeOwnDeadline: z.number().int().nonnegative() }),
  strict({ ownDeadlineOverdue: z.literal(true) }),
  strict({
    overdueEveryDays: z.number().int().positive(),
    /** How long after the deadline overdue reminders go on (default 28 days): never for a cycle long over. */
    overdueForDays: z.number().int().positive().optional(),
  }),
]);
export type ReminderTrigger = z.infer<typeof ReminderTrigger>;

export const ScheduledReminder = strict({
  id: Id,
  when: ReminderTrigger,
  template: Id,
  /** Training group ids; every group when absent. */
  groups: z.array(Id).optional(),
});
export type ScheduledReminder = z.infer<typeof ScheduledReminder>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time such as "09:30" (24-hour clock)');

/**
 * When a reminder may reach someone, in their own time zone (their Slack `tz`; the cycle's zone when Slack
 * does not say): from `from` until `until`, on these weekdays.
 */
export const RecipientHours = strict({
  from: LocalTime,
  until: LocalTime,
  weekdays: z
    .array(z.enum(WEEKDAYS))
    .min(1)
    .refine((days) => new Set(days).size === days.length, 'lists a weekday twice')
    .default(['mon', 'tue', 'wed', 'thu', 'fri']),
}).refine((hours) => hours.from < hours.until, {
  message: '"from" must be earlier than "until" (a window does not cross midnight)',
  path: ['until'],
});
export type RecipientHours = z.infer<typeof RecipientHours>;

export const RemindersFile = strict({
  templates: z.array(ReminderTemplate).min(1),
  schedule: strict({
    /**
     * Scheduled reminders go out at this hour, local time in the cycle's time zone; with `recipientHours`,
     * they are written at the start of their day and each person's goes out in their own hours instead.
     */
    hour: z.number().int().min(0).max(23),
    /** Every reminder (scheduled or sent by an admin) reaches each person in their own working hours. */
    recipientHours: RecipientHours.optional(),
    /** Monday to Friday only: a reminder falling on a weekend moves to the nearest weekday in its direction. */
    weekdaysOnly: z.boolean().default(true),
    reminders: z.array(ScheduledReminder).default([]),
  }),
});
export type RemindersFile = z.infer<typeof RemindersFile>;
