// How the content's kinds of leave (policy.yml `leaves`) read to a person: the only place a leave's words come from.
import type { LeaveLabel, PolicyFile } from './schemas.js';

type Leaves = Pick<PolicyFile, 'leaves'>;

/** The declared leave with this id, if any. */
export function leaveById(policy: Leaves, id: string): LeaveLabel | undefined {
  return policy.leaves.find((l) => l.id === id);
}

/** After "you are on": "parental leave"; the id itself when the content does not declare it. */
export function leaveAsYouAreOn(policy: Leaves, id: string): string {
  return leaveById(policy, id)?.youAreOn ?? id;
}
