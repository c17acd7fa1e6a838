// Policy conditions and group matchers evaluated against a profile, in three values: yes, no, or unknown
// because the profile lacks a fact (and then which fields would settle it).
import type { Condition, GroupMatcher } from '../content/schemas.js';
import type { Profile } from './profile.js';

export interface Verdict {
  /** null: the profile does not say enough to decide. */
  value: boolean | null;
  /** Profile fields that would decide it; empty unless `value` is null. */
  missing: string[];
}

/** Everything a condition may look at besides the profile itself. */
export interface Facts {
  profile: Profile;
  /** policy.yml `onboardingCutoff`. */
  onboardingCutoff: string;
  /** The last day of the person's group window; null when their group is unknown. */
  deadline: string | null;
  /** Why the group is unknown (fields that would settle it), when `deadline` is null. */
  groupMissing: string[];
  /**
   * Not a profile field: known true only when the profile records a completion from before this cycle
   * started, otherwise unknown (people took the earlier training without the roster saying so).
   */
  completedEarlierTraining: boolean | null;
}

const YES: Verdict = { value: true, missing: [] };
const NO: Verdict = { value: false, missing: [] };
const unknown = (...missing: string[]): Verdict => ({ value: null, missing });

/** Every listed key must hold: one `no` decides; otherwise any `unknown` leaves it open. */
export function evaluateCondition(when: Condition, facts: Facts): Verdict {
  return all((Object.keys(when) as (keyof Condition)[]).map((key) => evaluateKey(key, when, facts)));
}

export function evaluateMatcher(matcher: GroupMatcher, profile: Profile): Verdict {
  return all(
    (Object.keys(matcher) as (keyof GroupMatcher)[]).map((key): Verdict => {
      switch (key) {
        case 'role':
          return is(oneOf(matcher.role).includes(profile.role));
        case 'area':
          if (profile.area === undefined) return unknown('area');
          return is(oneOf(matcher.area).includes(profile.area));
        default:
          return key satisfies never;
      }
    }),
  );
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
    case 'studyYearAtLeast':
      if (profile.studyYear === undefined) return unknown('studyYear');
      return is(profile.studyYear >= (when.studyYearAtLeast ?? 0));
    case 'studyYearBelow':
      if (profile.studyYear === undefined) return unknown('studyYear');
      return is(profile.studyYear < (when.studyYearBelow ?? Number.POSITIVE_INFINITY));
    case 'onboardedOnOrAfterCutoff':
      if (profile.startDate === undefined) return unknown('startDate');
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
    case 'completedEarlierTraining':
      if (facts.completedEarlierTraining === null) return unknown();
      return is(facts.completedEarlierTraining === when.completedEarlierTraining);
    default:
      return key satisfies never;
  }
}

function all(verdicts: Verdict[]): Verdict {
  if (verdicts.some((v) => v.value === false)) return NO;
  const open = verdicts.filter((v) => v.value === null);
  if (open.length === 0) return YES;
  return { value: null, missing: unique(open.flatMap((v) => v.missing)) };
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
