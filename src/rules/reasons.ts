// Why a condition keeps someone out, in words a person reads: every key of the condition language
// (src/content/conditions.ts) said with the content's own names (roles, areas, leaves, training groups),
// never an id or a key. Plain text: the replies escape it for Slack where they show it.

import { evaluateCondition, type Facts, unique } from '../content/conditions.js';
import { leaveAsYouAreOn } from '../content/leaves.js';
import { roleAsYou, roleById, roleLabel } from '../content/roles.js';
import type { Condition, DateBounds, PolicyFile, TrainingGroup } from '../content/schemas.js';
import { formatDate as day, plural } from '../text/format.js';

/** The content's names the sentences use. */
export interface ReasonWords {
  policy: Pick<PolicyFile, 'roles' | 'areas' | 'leaves'>;
  /** schedule.yml `groups`: a group is said by its name. */
  groups: readonly Pick<TrainingGroup, 'id' | 'name'>[];
}

type Key = keyof Condition;
type SimpleKey = Exclude<Key, 'anyOf' | 'not'>;

/**
 * The facts, in words, that make `when` fail for this person: one clause per key that does not hold ("your
 * job is not seasonal or temporary"); an `anyOf` none of whose conditions holds lists them ("none of these
 * applies to you: …; …"), after the plain facts; a `not` whose condition holds says what holds.
 */
export function mismatches(when: Condition, facts: Facts, words: ReasonWords): string[] {
  const plain: string[] = [];
  const lists: string[] = [];
  for (const key of keysOf(when)) {
    if (evaluateCondition({ [key]: when[key] }, facts).value !== false) continue;
    if (key === 'anyOf') {
      const options = when.anyOf ?? [];
      const [only] = options;
      if (options.length === 1 && only) plain.push(...mismatches(only, facts, words));
      else
        lists.push(`none of these applies to you: ${options.map((c) => asked(c, facts, words)).join('; ')}`);
    } else if (key === 'not') plain.push(...matches(when.not ?? {}, facts, words));
    else plain.push(fact(key, facts, words));
  }
  return unique([...plain, ...lists]);
}

/** The facts, in words, that make `when` hold: what a `not` that keeps someone out is about. */
function matches(when: Condition, facts: Facts, words: ReasonWords): string[] {
  const out: string[] = [];
  for (const key of keysOf(when)) {
    if (evaluateCondition({ [key]: when[key] }, facts).value !== true) continue;
    if (key === 'anyOf') {
      const holding = (when.anyOf ?? []).find((c) => evaluateCondition(c, facts).value === true);
      if (holding) out.push(...matches(holding, facts, words));
    } else if (key === 'not') out.push(...mismatches(when.not ?? {}, facts, words));
    else out.push(fact(key, facts, words));
  }
  return unique(out);
}

/**
 * What `when` asks of a person, as a statement about them ("you are temporary agency staff and your job is
 * seasonal or temporary"), or with `holds` false its opposite ("you are not …, or your job is not …").
 */
function asked(when: Condition, facts: Facts, words: ReasonWords, holds = true): string {
  const parts = keysOf(when).map((key) => {
    if (key === 'anyOf') {
      const options = when.anyOf ?? [];
      // Not any of them: each one does not hold.
      if (!holds) return options.map((c) => asked(c, facts, words, false)).join(' and ');
      const said = options.map((c) => asked(c, facts, words));
      return said.length === 1 ? said.join('') : `either ${said.join(', or ')}`;
    }
    if (key === 'not') return asked(when.not ?? {}, facts, words, !holds);
    return statement(key, when, facts, words, holds);
  });
  // Every key must hold; its opposite is that one of them does not.
  return parts.join(holds ? ' and ' : ', or ');
}

/** The person's own value for a key, as a clause after "According to your profile,". */
function fact(key: SimpleKey, facts: Facts, words: ReasonWords): string {
  const { profile } = facts;
  const { policy } = words;
  switch (key) {
    case 'role':
      return `your role is ${roleLabel(policy, profile.role)}`;
    case 'paid':
      return paid(profile.paid ?? false);
    case 'area':
      // In the content's words (policy.yml areas label), never its id.
      return profile.area === undefined
        ? 'where your appointment sits is not given'
        : `your appointment sits in ${areaName(profile.area, words)}`;
    case 'department':
      return profile.department === undefined
        ? 'no department is given'
        : `your department is ${profile.department}`;
    case 'studyYear':
    case 'studyYearAtLeast':
    case 'studyYearBelow':
      return profile.studyYear === undefined
        ? 'no year of study is given'
        : `you are in year ${profile.studyYear} of study`;
    case 'startDate':
      return onboarded(facts, null);
    case 'onboardedOnOrAfterCutoff':
      return onboarded(facts, facts.onboardingCutoff);
    case 'appointmentEnd':
      return appointmentEnds(facts, null);
    case 'appointmentEndsByDeadline':
      return appointmentEnds(facts, facts.deadline);
    case 'leave':
      return profile.leave === undefined
        ? 'you are not on leave'
        : `you are on ${leaveAsYouAreOn(policy, profile.leave)}`;
    case 'graduating':
      return graduating(profile.graduating ?? false);
    case 'supervisor':
      return supervises(profile.supervisor ?? false);
    case 'seasonal':
      return seasonal(profile.seasonal ?? false);
    case 'hoursWorkedAtLeast':
    case 'hoursWorkedBelow':
      return profile.hoursWorked === undefined
        ? 'no hours worked are given'
        : `you have worked ${plural(profile.hoursWorked, 'hour')}`;
    case 'group':
      return facts.groupId === null
        ? 'your training group is not known'
        : `your training group is ${groupName(facts.groupId, words)}`;
    case 'completedEarlierTraining':
      return facts.completedEarlierTraining
        ? earlierTraining(true)
        : 'your record shows no training completed in an earlier cycle';
    default:
      return key satisfies never;
  }
}

/** What a key of `when` asks, as a statement about the person; with `holds` false, its opposite. */
function statement(
  key: SimpleKey,
  when: Condition,
  facts: Facts,
  words: ReasonWords,
  holds: boolean,
): string {
  const { policy } = words;
  const is = holds ? 'is' : 'is not';
  const are = holds ? 'are' : 'are not';
  switch (key) {
    case 'role':
      return `you ${are} ${or(list(when.role).map((id) => youAre(id, words)))}`;
    case 'paid':
      return paid(when.paid === holds);
    case 'area':
      return `your appointment ${holds ? 'sits' : 'does not sit'} in ${or(list(when.area).map((a) => areaName(a, words)))}`;
    case 'department':
      return `your department ${is} ${or(list(when.department))}`;
    case 'studyYear':
      return `you ${are} in year ${or(list(when.studyYear).map(String))} of study`;
    case 'studyYearAtLeast':
      return yearAtLeast(when.studyYearAtLeast ?? 0, holds);
    case 'studyYearBelow':
      return yearAtLeast(when.studyYearBelow ?? 0, !holds);
    case 'startDate':
      return `you were onboarded ${bounds(when.startDate, holds)}`;
    case 'appointmentEnd':
      return `your appointment ends ${bounds(when.appointmentEnd, holds)}`;
    case 'leave':
      return `you ${are} on ${or(list(when.leave).map((l) => leaveAsYouAreOn(policy, l)))}`;
    case 'graduating':
      return graduating(when.graduating === holds);
    case 'supervisor':
      return supervises(when.supervisor === holds);
    case 'seasonal':
      return seasonal(when.seasonal === holds);
    case 'hoursWorkedAtLeast':
      return hoursAtLeast(when.hoursWorkedAtLeast ?? 0, holds);
    case 'hoursWorkedBelow':
      return hoursAtLeast(when.hoursWorkedBelow ?? 0, !holds);
    case 'group':
      return `your training group ${is} ${or(list(when.group).map((g) => groupName(g, words)))}`;
    case 'onboardedOnOrAfterCutoff': {
      const cutoff = facts.onboardingCutoff ? day(facts.onboardingCutoff) : 'the onboarding cutoff';
      return `you were onboarded ${when.onboardedOnOrAfterCutoff === holds ? 'on or after' : 'before'} ${cutoff}`;
    }
    case 'appointmentEndsByDeadline': {
      const deadline = facts.deadline ? ` (${day(facts.deadline)})` : '';
      return `your appointment ${when.appointmentEndsByDeadline === holds ? 'ends' : 'does not end'} by your group's deadline${deadline}`;
    }
    case 'completedEarlierTraining':
      return earlierTraining(when.completedEarlierTraining === holds);
    default:
      return key satisfies never;
  }
}

function paid(yes: boolean): string {
  return `your appointment is ${yes ? 'paid' : 'unpaid'}`;
}

function graduating(yes: boolean): string {
  return yes ? 'you are graduating' : 'you are not graduating';
}

/** As the "Check for me" form asks it ("Do you manage or direct the work of others?"). */
function supervises(yes: boolean): string {
  return `you ${yes ? '' : 'do not '}manage or direct the work of others`;
}

/** As the "Check for me" form asks it ("Is your job seasonal or temporary?"). */
function seasonal(yes: boolean): string {
  return `your job is ${yes ? '' : 'not '}seasonal or temporary`;
}

function earlierTraining(yes: boolean): string {
  return yes
    ? 'you completed the training in an earlier cycle'
    : 'you have not completed the training in an earlier cycle';
}

function yearAtLeast(year: number, atLeast: boolean): string {
  return atLeast ? `you are in year ${year} of study or above` : `you are in a year of study below ${year}`;
}

function hoursAtLeast(hours: number, atLeast: boolean): string {
  return `you have worked ${atLeast ? 'at least' : 'fewer than'} ${plural(hours, 'hour')}`;
}

/** The profile's start date, and where it falls against the cutoff when there is one. */
function onboarded(facts: Facts, cutoff: string | null): string {
  const start = facts.profile.startDate;
  if (start === undefined) return 'no onboarding date is given';
  const against = cutoff === null ? '' : `, ${start >= cutoff ? 'on or after' : 'before'} ${day(cutoff)}`;
  return `you were onboarded on ${day(start)}${against}`;
}

/** The profile's appointment end, and where it falls against the group's deadline when there is one. */
function appointmentEnds(facts: Facts, deadline: string | null): string {
  const end = facts.profile.appointmentEnd;
  if (end === undefined) return 'no appointment end is given';
  const against =
    deadline === null ? '' : `, ${end <= deadline ? 'by' : 'after'} your group's deadline (${day(deadline)})`;
  return `your appointment ends on ${day(end)}${against}`;
}

/** "before March 1, 2021", "on or after …", "on or after … and before …"; with `holds` false, outside them. */
function bounds(b: DateBounds | undefined, holds: boolean): string {
  const before = b?.before === undefined ? null : day(b.before);
  const from = b?.onOrAfter === undefined ? null : day(b.onOrAfter);
  if (holds) {
    if (before && from) return `on or after ${from} and before ${before}`;
    return before ? `before ${before}` : `on or after ${from}`;
  }
  if (before && from) return `before ${from} or on or after ${before}`;
  return before ? `on or after ${before}` : `before ${from}`;
}

/** After "you are": the role as the content says it back ("a graduate student"). */
function youAre(id: string, words: ReasonWords): string {
  const role = roleById(words.policy, id);
  return role ? roleAsYou(role) : id;
}

/** How an area name reads in a sentence (policy.yml `areas`), the name itself when the content has none. */
export function areaLabel(area: string, policy: Pick<PolicyFile, 'areas'>): string {
  return policy.areas.find((a) => a.id === area)?.label ?? area;
}

function areaName(id: string, words: ReasonWords): string {
  return areaLabel(id, words.policy);
}

/** A training group by its name in schedule.yml. */
function groupName(id: string, words: ReasonWords): string {
  return words.groups.find((g) => g.id === id)?.name ?? id;
}

function keysOf(when: Condition): Key[] {
  return (Object.keys(when) as Key[]).filter((key) => when[key] !== undefined);
}

function list<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** "a", "a or b", "a, b or c". */
function or(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
