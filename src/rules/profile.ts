// A person as the rules see them: what the roster, the CLI (`--profile FILE.json`) and the Slack modal produce.
import { z } from 'zod';
import { Area, IsoDate, Leave, Role } from '../content/schemas.js';

export const Completion = z.strictObject({
  /** The module letter (A–E). */
  module: z.string().regex(/^[A-Z]$/, 'must be a module letter such as "C"'),
  on: IsoDate,
});
export type Completion = z.infer<typeof Completion>;

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
  /** A training group id; overrides what role and area imply. */
  group: z.string().min(1).optional(),
  department: z.string().min(1).optional(),
  /** Manages or supervises employees. */
  supervisor: z.boolean().optional(),
  completed: Completion.optional(),
});
export type Profile = z.infer<typeof Profile>;
