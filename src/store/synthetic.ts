// Large made-up roster and LMS files for the benchmark and the tests: deterministic, fictional, example.edu.
// The roles, areas and leaves are the content's (policy.yml): each person gets the facts their role has
// (`fields`).
import type { Content } from '../content/load.js';
import type { RoleField } from '../content/schemas.js';
import { mulberry32 } from '../random.js';
import { ROSTER_COLUMNS } from './rows.js';

export interface SyntheticOptions {
  /** Fixed by default so that runs compare. */
  seed?: number;
  departments?: number;
}

const MODULES = ['A', 'B', 'C', 'D', 'E'] as const;

export function syntheticEmail(i: number): string {
  return `person${String(i).padStart(6, '0')}@example.edu`;
}

/** A roster CSV of `count` people of the content's roles, one per line after the header (person i on line i + 2). */
export function syntheticRoster(
  count: number,
  content: Pick<Content, 'policy'>,
  options: SyntheticOptions = {},
): string {
  const random = mulberry32(options.seed ?? 20_21);
  const departments = options.departments ?? 60;
  const { roles } = content.policy;
  const areas = content.policy.areas.map((a) => a.id);
  // The first declared leave, so the draws (and every roster made before leaves were content) stay the same.
  const leave = content.policy.leaves[0]?.id ?? '';
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const lines = [ROSTER_COLUMNS.join(',')];
  for (let i = 0; i < count; i++) {
    const role = pick(roles);
    const has = (field: RoleField) => role.fields?.includes(field) ?? true;
    const year = 2000 + Math.floor(random() * 21);
    const start = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-01`;
    const row: Record<(typeof ROSTER_COLUMNS)[number], string> = {
      email: syntheticEmail(i),
      name: `Synthetic Person ${i}`,
      role: role.id,
      paid: has('paid') ? (random() < 0.95 ? 'yes' : 'no') : '',
      study_year: has('studyYear') ? String(1 + Math.floor(random() * 6)) : '',
      start_date: start,
      appointment_end: random() < 0.05 ? '2021-03-01' : '',
      leave: has('leave') && random() < 0.05 ? leave : '',
      graduating: has('graduating') && random() < 0.2 ? 'yes' : '',
      area: has('area') && areas.length > 0 ? pick(areas) : '',
      group: '',
      department: `"Department ${1 + Math.floor(random() * departments)}, Synthetic"`,
      supervisor: random() < 0.1 ? 'yes' : 'no',
      slack_user_id: random() < 0.5 ? `U${String(i).padStart(8, '0')}` : '',
      role_start: '',
      seasonal: '',
      hours_worked: '',
      slack_time_zone: '',
    };
    lines.push(ROSTER_COLUMNS.map((c) => row[c]).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** An LMS report of `count` rows for people of a roster of `people`; some people have several. */
export function syntheticCompletions(count: number, people: number, options: SyntheticOptions = {}): string {
  const random = mulberry32((options.seed ?? 20_21) + 1);
  const lines = ['email,module,completed_on'];
  for (let i = 0; i < count; i++) {
    const person = Math.floor(random() * people);
    const month = 1 + Math.floor(random() * 6);
    const day = 1 + Math.floor(random() * 28);
    lines.push(
      `${syntheticEmail(person)},${MODULES[Math.floor(random() * MODULES.length)]},2021-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
