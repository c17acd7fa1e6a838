// Which training group (and so which window) a person belongs to, from schedule.yml.
import type { Content } from '../content/load.js';
import type { TrainingGroup } from '../content/schemas.js';
import { evaluateMatcher, unique } from './conditions.js';
import type { Profile } from './profile.js';

export interface GroupResolution {
  group: TrainingGroup | null;
  /** Profile fields that would settle the group, when it is null for want of them. */
  missing: string[];
  /** The profile's explicit `group` when no group in the schedule has that id. */
  unknownId: string | null;
}

/**
 * An explicit `group` wins over role and area (the roster knows best). Otherwise groups are tried in the
 * order schedule.yml lists them and the first whose members match is the person's; if an earlier group
 * might match but the profile cannot tell (staff with no `area`), the answer is "unknown", not a guess
 * at a later group.
 */
export function resolveGroup(profile: Profile, content: Content): GroupResolution {
  const groups = content.schedule.groups;
  if (profile.group !== undefined) {
    const named = groups.find((g) => g.id === profile.group);
    return named
      ? { group: named, missing: [], unknownId: null }
      : { group: null, missing: ['group'], unknownId: profile.group };
  }
  for (const group of groups) {
    const verdicts = group.members.map((m) => evaluateMatcher(m, profile));
    if (verdicts.some((v) => v.value === true)) return { group, missing: [], unknownId: null };
    const open = verdicts.filter((v) => v.value === null);
    if (open.length > 0) {
      return { group: null, missing: unique(open.flatMap((v) => v.missing)), unknownId: null };
    }
  }
  return { group: null, missing: [], unknownId: null };
}

/** The person's training group, or null when none matches or the profile cannot tell which. */
export function groupFor(profile: Profile, content: Content): TrainingGroup | null {
  return resolveGroup(profile, content).group;
}
