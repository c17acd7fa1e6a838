// A person as the rules see them: what the roster, the CLI (`--profile FILE.json`) and the Slack modal produce.
import { z } from 'zod';
import { AreaName, IsoDate, isTimeZone, LeaveName, type PolicyFile, RoleName } from './schemas.js';

export const Completion = z.strictObject({
  /** The module letter (one of modules.yml, or of an earlier cycle's). */
  module: z.string().regex(/^[A-Z]$/, 'must be a module letter such as "C"'),
  on: IsoDate,
});
export type Completion = z.infer<typeof Completion>;

/** A completion recorded under an earlier cycle (schedule.yml `earlierCycles`, by its name). */
export const EarlierCompletion = z.strictObject({
  module: Completion.shape.module,
  on: IsoDate,
  cycle: z.string().min(1),
});
export type EarlierCompletion = z.infer<typeof EarlierCompletion>;

export const Profile = z.strictObject({
  email: z.email().optional(),
  name: z.string().min(1).optional(),
  /** One of policy.yml `roles` (namesProblems checks it against the content). */
  role: RoleName,
  paid: z.boolean().optional(),
  studyYear: z.number().int().min(1).max(15).optional(),
  /** The date they were onboarded. */
  startDate: IsoDate.optional(),
  appointmentEnd: IsoDate.optional(),
  /** The kind of leave they are on: a name from policy.yml `leaves`; absent, not on leave. */
  leave: LeaveName.optional(),
  graduating: z.boolean().optional(),
  /** Where their appointment sits: a name from policy.yml `areas`. */
  area: AreaName.optional(),
  /** A training group id; overrides what the group conditions imply. */
  group: z.string().min(1).optional(),
  department: z.string().min(1).optional(),
  /** Manages or supervises employees. */
  supervisor: z.boolean().optional(),
  /**
   * The day they took their current role (hired into it, or promoted to it): a role change starts a new
   * requirement, and policy.yml deadlines may count from it.
   */
  roleStart: IsoDate.optional(),
  /** Seasonal or temporary work (as the content defines it): policy.yml deadlines may depend on it. */
  seasonal: z.boolean().optional(),
  /** Hours worked so far, as the roster last counted them ("within 30 days or 100 hours, whichever first"). */
  hoursWorked: z.number().nonnegative().optional(),
  /**
   * Their Slack time zone (IANA), as the roster gives it. Kept with the person; deadlines end, and reminders go
   * out, in the cycle's zone (schedule.yml), which is what the source's dates mean.
   */
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Los_Angeles').optional(),
  /**
   * Every completion known (the history), when the caller has them: a refresher counts from the latest that
   * satisfies the person's requirement. `completed` alone is used when absent.
   */
  completions: z.array(Completion).optional(),
  /** This cycle's completion (the earliest). */
  completed: Completion.optional(),
  /** The latest completion of an earlier cycle, from the history the store keeps. */
  earlierCompletion: EarlierCompletion.optional(),
});
export type Profile = z.infer<typeof Profile>;

/** A role, area or leave a profile names that the content does not declare: where, and what is wrong. */
export interface NameProblem {
  path: 'role' | 'area' | 'leave';
  message: string;
}

/**
 * The names a profile uses that the content does not declare: its role (policy.yml `roles`), its area
 * (policy.yml `areas`) and its leave (policy.yml `leaves`). A profile from the roster, a file or the eligibility
 * form is checked with this, so no person is ever evaluated under a name the content does not know.
 */
export function namesProblems(
  profile: Partial<Pick<Profile, 'role' | 'area' | 'leave'>>,
  policy: Pick<PolicyFile, 'roles' | 'areas' | 'leaves'>,
): NameProblem[] {
  const problems: NameProblem[] = [];
  const roles = policy.roles.map((r) => r.id);
  if (profile.role !== undefined && !roles.includes(profile.role))
    problems.push({ path: 'role', message: unknownName('role', 'roles', roles) });
  const areas = policy.areas.map((a) => a.id);
  if (profile.area !== undefined && !areas.includes(profile.area))
    problems.push({ path: 'area', message: unknownName('area', 'areas', areas) });
  const leaves = policy.leaves.map((l) => l.id);
  if (profile.leave !== undefined && !leaves.includes(profile.leave))
    problems.push({ path: 'leave', message: unknownName('leave', 'leaves', leaves) });
  return problems;
}

/** `unknown role, expected one of a, b`: the roster's and the profile's message alike. */
export function unknownName(what: string, list: string, known: readonly string[]): string {
  return known.length > 0
    ? `unknown ${what}, expected one of ${known.join(', ')}`
    : `unknown ${what}: policy.yml declares no ${list}`;
}
