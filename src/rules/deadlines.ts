// Deadlines relative to the person (policy.yml `requirements` and `deadlines`): what their role must complete,
// and by when, counted from their own dates ("within six months of hire", "every two years from the last
// completion", "within 30 days or 100 hours worked, whichever first"). Pure: `today` is passed in.
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { addYears } from 'date-fns/addYears';
import { evaluateCondition, type Facts, unique } from '../content/conditions.js';
import type { Completion, Profile } from '../content/profile.js';
import type { DeadlineAnchor, DeadlineRule, PolicyFile, Requirement, Span } from '../content/schemas.js';
import { formatDay as day, plural } from '../text/format.js';

/** One deadline rule that applies to the person, with the day it gives. */
export interface AppliedDeadline {
  /** policy.yml `deadlines` id. */
  rule: string;
  faq: string;
  /** The rule in the source's words. */
  reason: string;
  after: DeadlineAnchor;
  /** The day it counts from (the profile date, or the last completion). */
  from: string;
  /** The last day: it lasts until the end of the day in the cycle's time zone. */
  due: string;
  /** "or N hours worked, whichever first": the limit, when the rule has one. */
  hoursLimit: number | null;
  /** Hours still to go before the limit; null without a limit or without the hours on the profile. */
  hoursLeft: number | null;
  /** The hours worked have reached the limit: the deadline is now, whatever the date says. */
  hoursReached: boolean;
  /** And gone past it: overdue. */
  hoursPassed: boolean;
}

export interface PersonalDeadline {
  /** The requirement for the person's role (policy.yml `requirements`); null when there are none or none fits. */
  requirement: Pick<Requirement, 'id' | 'modules' | 'faq' | 'reason'> & { hours: number | null };
  /** The latest completion that satisfies the requirement, if any. */
  counted: Completion | null;
  /**
   * The latest completion of another course, when it is later than `counted` (or there is none): a course for
   * another role (the one-hour course before a promotion), shown as not counting.
   */
  otherCourse: Completion | null;
  /** The rule that decides (the earliest date); null when no rule applies (nothing is due). */
  applied: AppliedDeadline | null;
  /** The other rules that apply, later than `applied`, earliest first. */
  others: AppliedDeadline[];
  /** Profile fields a rule needed and did not have. */
  missing: string[];
  /** Which rule applied and why, in words. */
  why: string | null;
}

/** How the day a rule counts from is named ("counted from your start date, …"). */
export const ANCHOR_LABEL: Record<DeadlineAnchor, string> = {
  startDate: 'your start date',
  roleStart: 'the day you started your current role',
  lastCompletion: 'your last completion',
};

/** The requirement no policy.yml `requirements` narrows: any module counts. */
const ANY_MODULE = { id: 'any-module', modules: [] as string[], faq: '', reason: '', hours: null };

/**
 * Whether the content has deadlines relative to the person: then they decide (the earliest of them and of a
 * fixed window, when the person also has one).
 */
export function hasPersonalDeadlines(policy: Pick<PolicyFile, 'deadlines'>): boolean {
  return policy.deadlines.length > 0;
}

/**
 * The person's requirement and deadline. Rules:
 * - the requirement is the first of policy.yml `requirements` whose `when` holds; a completion counts only
 *   when it is of one of its modules, so a promotion to a role with another course starts a new requirement;
 * - a rule counting from a profile date is met by a completion that counts, on or after that date;
 * - a role change starts a new requirement: when a rule counting from the role's start applies, rules
 *   counting from an earlier date (the hire date) give way to it;
 * - a refresher (`after: lastCompletion`) counts from the latest completion that counts;
 * - "or N hours worked": the hours on the profile reaching the limit make it due now;
 * - of everything left, the earliest day wins ("the shortest applicable rule").
 */
export function personalDeadline(
  profile: Profile,
  policy: Pick<PolicyFile, 'requirements' | 'deadlines'>,
  facts: Facts,
): PersonalDeadline {
  const missing: string[] = [];
  let requirement: PersonalDeadline['requirement'] = ANY_MODULE;
  for (const rule of policy.requirements) {
    const verdict = evaluateCondition(rule.when, facts);
    if (verdict.value === null) {
      missing.push(...verdict.missing);
      break;
    }
    if (verdict.value) {
      requirement = {
        id: rule.id,
        modules: rule.modules,
        faq: rule.faq,
        reason: rule.reason,
        hours: rule.hours ?? null,
      };
      break;
    }
  }
  const completions = profile.completions ?? (profile.completed ? [profile.completed] : []);
  const counting = completions
    .filter((c) => requirement.modules.length === 0 || requirement.modules.includes(c.module))
    .sort((a, b) => a.on.localeCompare(b.on));
  const counted = counting.at(-1) ?? null;
  const other =
    completions
      .filter((c) => !counting.includes(c))
      .sort((a, b) => a.on.localeCompare(b.on))
      .at(-1) ?? null;
  const otherCourse = other && (counted === null || other.on > counted.on) ? other : null;

  const anchored: AppliedDeadline[] = [];
  const refreshers: AppliedDeadline[] = [];
  for (const rule of policy.deadlines) {
    const verdict = evaluateCondition(rule.when, facts);
    if (verdict.value === false) continue;
    if (verdict.value === null) {
      missing.push(...verdict.missing);
      continue;
    }
    if (rule.after === 'lastCompletion') {
      if (counted) refreshers.push(applied(rule, counted.on, profile));
      continue;
    }
    const from = anchorDay(rule.after, profile);
    if (from === undefined) {
      missing.push(rule.after);
      continue;
    }
    // Met by a completion that counts, taken on or after the day the rule counts from.
    if (counting.some((c) => c.on >= from)) continue;
    anchored.push(applied(rule, from, profile));
    if (rule.within.hours !== undefined && profile.hoursWorked === undefined) missing.push('hoursWorked');
  }
  // A role change starts a new requirement: the rules counting from the latest day stand.
  // (YYYY-MM-DD strings sort as dates.)
  const latest =
    anchored
      .map((r) => r.from)
      .sort()
      .at(-1) ?? '';
  const candidates = [...anchored.filter((r) => r.from === latest), ...refreshers].sort(
    (a, b) => Number(b.hoursReached) - Number(a.hoursReached) || a.due.localeCompare(b.due),
  );
  const [first, ...others] = candidates;
  const decided = first ?? null;
  return {
    requirement,
    counted,
    otherCourse,
    applied: decided,
    others,
    missing: unique(missing),
    why: decided ? explain(decided, others) : null,
  };
}

function applied(rule: DeadlineRule, from: string, profile: Profile): AppliedDeadline {
  const limit = rule.within.hours ?? null;
  const worked = profile.hoursWorked;
  const hoursLeft = limit !== null && worked !== undefined ? Math.max(0, limit - worked) : null;
  return {
    rule: rule.id,
    faq: rule.faq,
    reason: rule.reason,
    after: rule.after,
    from,
    due: addSpan(from, rule.within),
    hoursLimit: limit,
    hoursLeft,
    hoursReached: limit !== null && worked !== undefined && worked >= limit,
    hoursPassed: limit !== null && worked !== undefined && worked > limit,
  };
}

function anchorDay(anchor: DeadlineAnchor, profile: Profile): string | undefined {
  switch (anchor) {
    case 'startDate':
      return profile.startDate;
    case 'roleStart':
      // Someone who has not changed role since they started: their role began on their start date.
      return profile.roleStart ?? profile.startDate;
    case 'lastCompletion':
      return undefined;
    default:
      return anchor satisfies never;
  }
}

/**
 * The last day of a span counted from `from`: "within six months of March 10" ends on September 10, "every
 * two years" from March 10 on March 10 two years later. A month without the day ends on its last day
 * (August 31 + six months: February 28 or 29).
 */
export function addSpan(from: string, span: Span): string {
  const [y, m, d] = from.split('-').map(Number);
  const start = new Date(y ?? 0, (m ?? 1) - 1, d ?? 1, 12);
  const end =
    span.years !== undefined
      ? addYears(start, span.years)
      : span.months !== undefined
        ? addMonths(start, span.months)
        : addDays(start, span.days ?? 0);
  return [end.getFullYear(), end.getMonth() + 1, end.getDate()]
    .map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0'))
    .join('-');
}

/**
 * The hours part of a deadline "within N days or H hours worked, whichever first" in one sentence: how many
 * hours are left, or that the hours have made it due (or overdue) already, whatever the date. Null for a rule
 * without hours. Reminders go by the rule's day part (`due`, the one date it has) and say this beside it
 * (`{{hours}}`), so each reminder keeps its day while the roster's hours grow.
 */
export function hoursPart(rule: AppliedDeadline): string | null {
  if (rule.hoursLimit === null) return null;
  const limit = plural(rule.hoursLimit, 'hour');
  if (rule.hoursPassed)
    return `You have worked more than ${limit}, the limit of this deadline, so your training is overdue now, whatever the date.`;
  if (rule.hoursReached)
    return `You have worked ${limit}, the limit of this deadline, so your training is due now, whatever the date.`;
  const left = rule.hoursLeft === null ? '' : ` (${plural(rule.hoursLeft, 'hour')} from now)`;
  return `Or sooner: once you have worked ${limit}${left}, whichever comes first.`;
}

function explain(rule: AppliedDeadline, others: readonly AppliedDeadline[]): string {
  const parts: string[] = [];
  if (rule.hoursReached) {
    parts.push(
      `You have worked ${plural(rule.hoursLimit ?? 0, 'hour')} or more, so under this rule your training is due now.`,
    );
  } else {
    parts.push(
      `Counted from ${ANCHOR_LABEL[rule.after]} (${day(rule.from)}), your deadline is the end of ${day(rule.due)}.`,
    );
    if (rule.hoursLeft !== null) parts.push(hoursPart(rule) ?? '');
  }
  const same = rule.hoursReached ? [] : others.filter((o) => o.due === rule.due && !o.hoursReached);
  const later = others.filter((o) => !same.includes(o));
  if (same.length > 0)
    parts.push(
      same.length === 1
        ? 'Another rule that applies to you gives the same day.'
        : `${same.length} other rules that apply to you give the same day.`,
    );
  if (later.length > 0)
    parts.push(
      `It is the earliest of the deadlines that apply to you; the other${later.length === 1 ? ' falls' : 's fall'} later (${later.map((o) => (o.hoursReached ? 'now, by the hours worked' : day(o.due))).join(', ')}).`,
    );
  return parts.join(' ');
}
