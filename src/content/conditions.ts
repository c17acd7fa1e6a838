// The one matcher: a condition from schedule.yml (group members) or policy.yml (rules) evaluated against a
// profile, in three values: yes, no, or unknown because the profile lacks a fact (and then which fields would
// settle it). The rules, the reminders' audience, the reports, the eligibility check and the store's group
// filter all decide through here, so they cannot disagree.

import type { Profile } from './profile.js';
import type { Condition, DateBounds } from './schemas.js';

export interface Verdict {
  /** null: the profile does not say enough to decide. */
  value: boolean | null;
  /** Profile fields that would decide it; empty unless `value` is null. */
  missing: string[];
}

/** Everything a condition may look at besides the profile itself. */
export interface Facts {
  profile: Profile;
  /** policy.yml `onboardingCutoff`; null when the policy has none (then `onboardedOnOrAfterCutoff` is false). */
  onboardingCutoff: string | null;
  /** The person's training group id; null when it is unknown (or not decided yet, for group members). */
  groupId: string | null;
  /** The last day of the person's group window; null when their group is unknown. */
  deadline: string | null;
  /** Why the group is unknown (fields that would settle it), when `deadline` is null. */
  groupMissing: string[];
  /**
   * Known true when the history records a completion of an earlier cycle (or one from before this cycle's
   * windows), otherwise unknown: people took earlier trainings without the roster saying so.
   */
  completedEarlierTraining: boolean | null;
}

/** The facts for deciding a training group: nothing the group itself decides is known yet. */
export function groupFacts(profile: Profile): Facts {
  return {
    profile,
    onboardingCutoff: null,
    groupId: null,
    deadline: null,
    groupMissing: ['group'],
    completedEarlierTraining: null,
  };
}

const YES: Verdict = { value: true, missing: [] };
const NO: Verdict = { value: false, missing: [] };
const unknown = (...missing: string[]): Verdict => ({ value: null, missing });

/** Every listed key must hold: one `no` decides; otherwise any `unknown` leaves it open. */
export function evaluateCondition(when: Condition, facts: Facts): Verdict {
  return all(
    (Object.keys(when) as (keyof Condition)[])
      .filter((key) => when[key] !== undefined)
      .map((key) => evaluateKey(key, when, facts)),
  );
}

/** Any of the conditions: one `yes` decides; otherwise any `unknown` leaves it open. */
export function evaluateAny(conditions: readonly Condition[], facts: Facts): Verdict {
  return any(conditions.map((c) => evaluateCondition(c, facts)));
}

function evaluateKey(key: keyof Condition, when: Condition, facts: Facts): Verdict {
  const { profile } = facts;
  switch (key) {
    case 'role':
      return is(oneOf(when.role).includes(profile.role));
    case 'paid':
      // The FAQ requires "all paid faculty and staff" and exempts unpaid appointees: without pay status
      // neither can be said, so this stays unknown rather than defaulting to paid.
      if (profile.paid === undefined) return unknown('paid');
      return is(profile.paid === when.paid);
    case 'area':
      if (profile.area === undefined) return unknown('area');
      return is(oneOf(when.area).includes(profile.area));
    case 'department': {
      if (profile.department === undefined) return unknown('department');
      const department = normalise(profile.department);
      return is(oneOf(when.department).some((d) => normalise(d) === department));
    }
    case 'studyYear':
      if (profile.studyYear === undefined) return unknown('studyYear');
      return is(oneOf(when.studyYear).includes(profile.studyYear));
    case 'studyYearAtLeast':
      if (profile.studyYear === undefined) return unknown('studyYear');
      return is(profile.studyYear >= (when.studyYearAtLeast ?? 0));
    case 'studyYearBelow':
      if (profile.studyYear === undefined) return unknown('studyYear');
      return is(profile.studyYear < (when.studyYearBelow ?? Number.POSITIVE_INFINITY));
    case 'startDate':
      if (profile.startDate === undefined) return unknown('startDate');
      return is(within(profile.startDate, when.startDate));
    case 'appointmentEnd':
      // No end date means an appointment with no known end: it is after any bound.
      if (profile.appointmentEnd === undefined) return is(when.appointmentEnd?.before === undefined);
      return is(within(profile.appointmentEnd, when.appointmentEnd));
    case 'onboardedOnOrAfterCutoff':
      if (profile.startDate === undefined) return unknown('startDate');
      if (facts.onboardingCutoff === null) return is(when.onboardedOnOrAfterCutoff === false);
      return is(profile.startDate >= facts.onboardingCutoff === when.onboardedOnOrAfterCutoff);
    case 'appointmentEndsByDeadline': {
      // No end date means an appointment with no known end: it does not end by any deadline.
      if (profile.appointmentEnd === undefined) return is(when.appointmentEndsByDeadline === false);
      if (facts.deadline === null)
        return unknown(...(facts.groupMissing.length ? facts.groupMissing : ['group']));
      // Both are calendar days in the cycle's zone, so the strings compare as dates.
      return is(profile.appointmentEnd <= facts.deadline === when.appointmentEndsByDeadline);
    }
    case 'leave':
      // Absent means not on leave: a leave is something the roster or the person states.
      if (profile.leave === undefined) return NO;
      return is(oneOf(when.leave).includes(profile.leave));
    case 'graduating':
      return is((profile.graduating ?? false) === when.graduating);
    case 'supervisor':
      return is((profile.supervisor ?? false) === when.supervisor);
    case 'seasonal':
      // Absent means a regular employee: seasonal or temporary work is something the roster states.
      return is((profile.seasonal ?? false) === when.seasonal);
    case 'hoursWorkedAtLeast':
      if (profile.hoursWorked === undefined) return unknown('hoursWorked');
      return is(profile.hoursWorked >= (when.hoursWorkedAtLeast ?? 0));
    case 'hoursWorkedBelow':
      if (profile.hoursWorked === undefined) return unknown('hoursWorked');
      return is(profile.hoursWorked < (when.hoursWorkedBelow ?? Number.POSITIVE_INFINITY));
    case 'group':
      if (facts.groupId === null)
        return unknown(...(facts.groupMissing.length ? facts.groupMissing : ['group']));
      return is(oneOf(when.group).includes(facts.groupId));
    case 'completedEarlierTraining':
      if (facts.completedEarlierTraining === null) return unknown();
      return is(facts.completedEarlierTraining === when.completedEarlierTraining);
    case 'anyOf':
      return evaluateAny(when.anyOf ?? [], facts);
    case 'not':
      return negate(evaluateCondition(when.not ?? {}, facts));
    default:
      return key satisfies never;
  }
}

function within(day: string, bounds: DateBounds | undefined): boolean {
  // YYYY-MM-DD strings compare as dates.
  if (bounds?.before !== undefined && !(day < bounds.before)) return false;
  if (bounds?.onOrAfter !== undefined && !(day >= bounds.onOrAfter)) return false;
  return true;
}

function normalise(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

function all(verdicts: Verdict[]): Verdict {
  if (verdicts.some((v) => v.value === false)) return NO;
  const open = verdicts.filter((v) => v.value === null);
  if (open.length === 0) return YES;
  return { value: null, missing: unique(open.flatMap((v) => v.missing)) };
}

function any(verdicts: Verdict[]): Verdict {
  if (verdicts.some((v) => v.value === true)) return YES;
  const open = verdicts.filter((v) => v.value === null);
  if (open.length === 0) return NO;
  return { value: null, missing: unique(open.flatMap((v) => v.missing)) };
}

function negate(verdict: Verdict): Verdict {
  return verdict.value === null ? verdict : is(!verdict.value);
}

function is(value: boolean): Verdict {
  return value ? YES : NO;
}

function oneOf<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
