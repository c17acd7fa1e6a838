// Which training group (and so which window) a person belongs to, from schedule.yml.
import type { ScheduleFile, TrainingGroup } from '../content/schemas.js';
import { evaluateAny, groupFacts, unique, type Verdict } from './conditions.js';
import type { Profile } from './profile.js';

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
 * An explicit `group` wins over everything else (the roster knows best). Otherwise groups are tried in the
 * order schedule.yml lists them, skipping those only the roster assigns, and the first whose members match
 * (and whose `except` does not) is the person's; if an earlier group might match but the profile cannot tell
 * (staff with no `area`), the answer is "unknown", not a guess at a later group.
 */
export function resolveGroup(profile: Profile, content: GroupSource): GroupResolution {
  const groups = content.schedule.groups;
  if (profile.group !== undefined) {
    const named = groups.find((g) => g.id === profile.group);
    return named
      ? { group: named, missing: [], unknownId: null }
      : { group: null, missing: ['group'], unknownId: profile.group };
  }
  for (const group of groups) {
    const verdict = membership(group, profile);
    if (verdict.value === true) return { group, missing: [], unknownId: null };
    if (verdict.value === null) return { group: null, missing: verdict.missing, unknownId: null };
  }
  return { group: null, missing: [], unknownId: null };
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
