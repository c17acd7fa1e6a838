// Which training group (and so which window) a person belongs to, from schedule.yml.

import { evaluateAny, evaluateCondition, groupFacts, unique, type Verdict } from './conditions.js';
import type { Profile } from './profile.js';
import type { Condition, ScheduleFile, TrainingGroup } from './schemas.js';

export interface GroupResolution {
  group: TrainingGroup | null;
  /** Profile fields that would settle the group, when it is null for want of them. */
  missing: string[];
  /** The profile's explicit `group` when no group in the schedule has that id. */
  unknownId: string | null;
}

/** What deciding a group needs: only the schedule's groups (the store passes its own copy). */
export interface GroupSource {
  schedule: Pick<ScheduleFile, 'groups'>;
}

/**
 * An explicit `group` wins over everything else (the roster knows best). Otherwise every group whose members
 * match (and whose `except` does not) is a candidate, whatever the order of schedule.yml, and the most specific
 * one is the person's: the one whose matching condition names every field another's does, and more (the pilot
 * departments' {role, department} over the schools' {role}). Two candidates neither of which is more specific
 * are reported by `content check` (`ambiguousGroups`); here the first listed stands. A group the profile cannot
 * rule in or out (staff with no `area`) that could be the more specific one makes the answer "unknown", not a
 * guess.
 */
export function resolveGroup(profile: Profile, content: GroupSource): GroupResolution {
  const groups = content.schedule.groups;
  if (profile.group !== undefined) {
    const named = groups.find((g) => g.id === profile.group);
    return named
      ? { group: named, missing: [], unknownId: null }
      : { group: null, missing: ['group'], unknownId: profile.group };
  }
  const { best, unsure } = candidates(profile, groups);
  const [first] = best;
  // An open question about a group that could be as specific as the best match leaves the answer open.
  const open = unsure.filter((u) => !first || !moreSpecific(first.keys, u.keys));
  if (open.length > 0)
    return { group: null, missing: unique(open.flatMap((u) => u.missing)), unknownId: null };
  return { group: first?.group ?? null, missing: [], unknownId: null };
}

interface Candidate {
  group: TrainingGroup;
  /** The fields of its most specific matching condition (or, when unsure, of its most specific condition). */
  keys: Set<string>;
  /** Where that condition is in the group's `members`, so the content check can point at its line. */
  condition: number;
  missing: string[];
}

/** The groups that match, most specific first (ties in file order), and those the profile cannot decide. */
export function candidates(
  profile: Profile,
  groups: readonly TrainingGroup[],
): { best: Candidate[]; matched: Candidate[]; unsure: Candidate[] } {
  const facts = groupFacts(profile);
  const matched: Candidate[] = [];
  const unsure: Candidate[] = [];
  for (const group of groups) {
    if (group.members === 'roster') continue;
    const verdict = membership(group, profile);
    if (verdict.value === false) continue;
    let keys = new Set<string>();
    let condition = 0;
    group.members.forEach((m, i) => {
      const value = evaluateCondition(m, facts).value;
      if (verdict.value === true ? value !== true : value === false) return;
      const own = conditionKeys(m);
      if (own.size > keys.size) [keys, condition] = [own, i];
    });
    (verdict.value === true ? matched : unsure).push({ group, keys, condition, missing: verdict.missing });
  }
  // The best: matched groups no other matched group is more specific than.
  const best = matched.filter((c) => !matched.some((o) => o !== c && moreSpecific(o.keys, c.keys)));
  return { best, matched, unsure };
}

/** The fields a condition names. */
function conditionKeys(condition: Condition): Set<string> {
  return new Set(Object.keys(condition).filter((k) => condition[k as keyof Condition] !== undefined));
}

/** Whether `a` names every field `b` does, and more. */
function moreSpecific(a: Set<string>, b: Set<string>): boolean {
  return a.size > b.size && [...b].every((k) => a.has(k));
}

/** Whether the group's conditions place the person in it (a roster-only group never does). */
export function membership(group: TrainingGroup, profile: Profile): Verdict {
  if (group.members === 'roster') return { value: false, missing: [] };
  const facts = groupFacts(profile);
  const member = evaluateAny(group.members, facts);
  if (member.value === false || group.except === undefined) return member;
  const excluded = evaluateAny(group.except, facts);
  if (excluded.value === true) return { value: false, missing: [] };
  if (member.value === true && excluded.value === false) return member;
  return { value: null, missing: unique([...member.missing, ...excluded.missing]) };
}

/** The person's training group, or null when none matches or the profile cannot tell which. */
export function groupFor(profile: Profile, content: GroupSource): TrainingGroup | null {
  return resolveGroup(profile, content).group;
}

/** The groups as people read the schedule: by window (start, then deadline), whatever order they match in. */
export function groupsInWindowOrder(content: GroupSource): TrainingGroup[] {
  return [...content.schedule.groups].sort(
    (a, b) => a.window.start.localeCompare(b.window.start) || a.window.end.localeCompare(b.window.end),
  );
}

/** The first day any window opens: a completion before it belongs to an earlier cycle. */
export function cycleOpens(content: GroupSource): string {
  return groupsInWindowOrder(content)[0]?.window.start ?? '';
}
