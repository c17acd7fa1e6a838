// A person as the rules see them: what the roster, the CLI (`--profile FILE.json`) and the Slack modal produce.
import { z } from 'zod';
import { Area, IsoDate, Leave, Role } from '../content/schemas.js';

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
  role: Role,
  paid: z.boolean().optional(),
  studyYear: z.number().int().min(1).max(15).optional(),
  /** The date they were onboarded. */
  startDate: IsoDate.optional(),
  appointmentEnd: IsoDate.optional(),
  leave: Leave.optional(),
  graduating: z.boolean().optional(),
  /** Where their appointment sits. */
  area: Area.optional(),
  /** A training group id; overrides what the group conditions imply. */
  group: z.string().min(1).optional(),
  department: z.string().min(1).optional(),
  /** Manages or supervises employees. */
  supervisor: z.boolean().optional(),
  /** This cycle's completion (the earliest). */
  completed: Completion.optional(),
  /** The latest completion of an earlier cycle, from the history the store keeps. */
  earlierCompletion: EarlierCompletion.optional(),
});
export type Profile = z.infer<typeof Profile>;
