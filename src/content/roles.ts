// How the content's roles (policy.yml `roles`) read to a person: the only place a role's words come from.
import type { PolicyFile, RoleLabel } from './schemas.js';

type Roles = Pick<PolicyFile, 'roles'>;

/** The declared role with this id, if any. */
export function roleById(policy: Roles, id: string): RoleLabel | undefined {
  return policy.roles.find((r) => r.id === id);
}

/** The role in a sentence ("your role is graduate student"); the id itself when the content does not declare it. */
export function roleLabel(policy: Roles, id: string): string {
  return roleById(policy, id)?.label ?? id;
}

/** After "you are": "a graduate student". */
export function roleAsYou(role: Pick<RoleLabel, 'label' | 'youAre'>): string {
  return role.youAre ?? role.label;
}

/** As the eligibility form offers it. */
export function roleChoice(role: Pick<RoleLabel, 'label' | 'choice'>): string {
  return role.choice ?? role.label;
}

/** Several roles' people, joined as a sentence joins them: "faculty and staff", "a, b and c". */
export function rolesInWords(roles: readonly Pick<RoleLabel, 'label' | 'plural'>[]): string {
  const words = roles.map((r) => r.plural ?? r.label);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
