// Every kind of person the content can tell apart: profiles built from the values its conditions name. The
// content check uses them to find groups nobody reaches, the console's demo to give each group its people.

import type { Profile } from './profile.js';
import type { Condition, ScheduleFile } from './schemas.js';

/** The fields a condition list reads, and the values it names for each. */
interface Named {
  keys: Set<keyof Condition>;
  /** Role names, as the content's conditions write them (policy.yml `roles` declares them all). */
  roles: string[];
  departments: string[];
  /** Area names, as the content's conditions write them (policy.yml `areas` names them all). */
  areas: string[];
  /** Leave names, as the content's conditions write them (policy.yml `leaves` declares them all). */
  leaves: string[];
  studyYears: number[];
  startDays: string[];
  endDays: string[];
}

/** Beyond this many combinations, the least telling fields keep their default value. */
const LIMIT = 20_000;

/**
 * One profile per combination of the values `conditions` can tell apart (plus a department none of them
 * names), in a fixed order. Fields the conditions do not read keep `base`'s values. `roles` are the roles to
 * try (policy.yml `roles`); without them, those the conditions name and one they do not.
 */
export function sampleProfiles(
  conditions: readonly Condition[],
  base: Partial<Profile> = {},
  roles?: readonly string[],
): Profile[] {
  const named: Named = {
    keys: new Set(),
    roles: [],
    departments: [],
    areas: [],
    leaves: [],
    studyYears: [],
    startDays: [],
    endDays: [],
  };
  for (const c of conditions) collect(c, named);

  type Axis = [keyof Profile, readonly unknown[]];
  const axes: Axis[] = [['role', roles ?? [...new Set(named.roles), OTHER_ROLE]]];
  const uses = (...keys: (keyof Condition)[]) => keys.some((k) => named.keys.has(k));
  if (uses('area')) axes.push(['area', [...new Set(named.areas)]]);
  if (uses('department')) axes.push(['department', [...new Set(named.departments), OTHER_DEPARTMENT]]);
  if (uses('paid')) axes.push(['paid', [true, false]]);
  if (uses('studyYear', 'studyYearAtLeast', 'studyYearBelow'))
    axes.push(['studyYear', [...new Set([1, ...named.studyYears])].sort((a, b) => a - b)]);
  if (uses('startDate', 'onboardedOnOrAfterCutoff') && named.startDays.length > 0)
    axes.push(['startDate', [...new Set(named.startDays)].sort()]);
  if (uses('appointmentEnd') && named.endDays.length > 0)
    axes.push(['appointmentEnd', [undefined, ...new Set(named.endDays)].sort()]);
  // Not on leave, or on one the conditions name: a leave none of them names reads as no leave at all.
  if (uses('leave')) axes.push(['leave', [undefined, ...new Set(named.leaves)]]);
  if (uses('graduating')) axes.push(['graduating', [false, true]]);
  if (uses('supervisor')) axes.push(['supervisor', [false, true]]);
  if (uses('seasonal')) axes.push(['seasonal', [false, true]]);
  while (axes.reduce((n, [, values]) => n * values.length, 1) > LIMIT) axes.pop();

  let profiles: Record<string, unknown>[] = [{ ...base }];
  for (const [key, values] of axes) {
    profiles = profiles.flatMap((p) =>
      values.map((v) => {
        const next = { ...p };
        if (v === undefined) delete next[key];
        else next[key] = v;
        return next;
      }),
    );
  }
  return profiles as Profile[];
}

/** A role none of the conditions names, when the declared roles are not given. */
export const OTHER_ROLE = 'another-role';

/** A department none of the conditions names. */
export const OTHER_DEPARTMENT = 'Another Department';

/** Every condition of the schedule's groups (members and exceptions). */
export function groupConditions(schedule: Pick<ScheduleFile, 'groups'>): Condition[] {
  return schedule.groups.flatMap((g) => [...(g.members === 'roster' ? [] : g.members), ...(g.except ?? [])]);
}

function collect(c: Condition, named: Named): void {
  for (const key of Object.keys(c) as (keyof Condition)[]) {
    if (c[key] !== undefined) named.keys.add(key);
  }
  named.roles.push(...[c.role ?? []].flat());
  named.departments.push(...[c.department ?? []].flat());
  named.areas.push(...[c.area ?? []].flat());
  named.leaves.push(...[c.leave ?? []].flat());
  named.studyYears.push(...[c.studyYear ?? []].flat());
  if (c.studyYearAtLeast !== undefined) named.studyYears.push(c.studyYearAtLeast - 1, c.studyYearAtLeast);
  if (c.studyYearBelow !== undefined) named.studyYears.push(c.studyYearBelow - 1, c.studyYearBelow);
  for (const day of [c.startDate?.before, c.startDate?.onOrAfter]) {
    if (day) named.startDays.push(dayBefore(day), day);
  }
  for (const day of [c.appointmentEnd?.before, c.appointmentEnd?.onOrAfter]) {
    if (day) named.endDays.push(dayBefore(day), day);
  }
  named.studyYears = named.studyYears.filter((y) => y >= 1);
  for (const inner of c.anyOf ?? []) collect(inner, named);
  if (c.not) collect(c.not, named);
}

function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - 1));
  return date.toISOString().slice(0, 10);
}
