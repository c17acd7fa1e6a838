// The console's demo follows the content: its default day falls inside the first window, and when the example
// roster does not fit the cycle the content describes, a small demo roster is made from the content itself.
import type { Content } from '../content/load.js';
import { groupConditions, sampleProfiles } from '../content/population.js';
import type { Condition } from '../content/schemas.js';
import {
  evaluateStatus,
  groupsInWindowOrder,
  type PersonalStatus,
  type Profile,
  parseMoment,
} from '../rules/index.js';
import type { CompletionRecord, RosterRecord } from '../store/index.js';

/** Where the generated demo says it comes from. */
export const GENERATED_DEMO = '(a demo roster made from the content)';

/**
 * A day inside the first window (in window order): a week before its deadline, or its first day when the
 * window is shorter. With the 2021 content: 2021-02-10, seven days before the All Schools deadline.
 */
export function defaultDay(content: Content): string {
  const first = groupsInWindowOrder(content)[0];
  if (!first) return new Date().toISOString().slice(0, 10);
  const [y, m, d] = first.window.end.split('-').map(Number);
  const weekBefore = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - 7)).toISOString().slice(0, 10);
  // YYYY-MM-DD strings compare as dates.
  if (weekBefore < first.window.start) return first.window.start;
  return weekBefore;
}

export interface Demo {
  roster: RosterRecord[];
  completions: CompletionRecord[];
  /** Someone required, in the first window and not done yet on `defaultDay`. */
  as: string;
}

interface Pick {
  profile: Profile;
  status: PersonalStatus;
  why: string;
}

/**
 * People the content tells apart, one for each thing worth trying: in each group one who has not completed
 * and one who has, one per supplemental and exempt rule, and one outside the required populations. Made
 * from the values the conditions name (src/content/population.ts), so any cycle's content gets its own.
 */
export function generateDemo(content: Content): Demo {
  const { policy, schedule } = content;
  const now = parseMoment(defaultDay(content), schedule.cycle.timeZone);
  const cutoff: Condition = { startDate: { onOrAfter: policy.onboardingCutoff } };
  const conditions = [
    ...groupConditions(schedule),
    ...[...policy.required, ...policy.exempt, ...policy.supplemental].map((r) => r.when),
    cutoff,
  ];
  const base: Partial<Profile> = { paid: true, startDate: '2000-01-01' };
  const roles = policy.roles.map((r) => r.id);
  const candidates = sampleProfiles(conditions, base, roles).map((profile) => ({
    profile,
    status: evaluateStatus(profile, content, now),
  }));
  const picks: Pick[] = [];
  const take = (why: string, test: (s: PersonalStatus) => boolean, count = 1) => {
    const found = candidates.filter((c) => test(c.status)).slice(0, count);
    for (const c of found) picks.push({ ...c, why });
  };
  for (const group of groupsInWindowOrder(content)) {
    const inGroup = (s: PersonalStatus) => s.required === true && s.group?.id === group.id;
    if (group.members === 'roster') {
      const someone = candidates.find((c) => c.status.required === true);
      if (someone) {
        const profile = { ...someone.profile, group: group.id };
        picks.push({ profile, status: evaluateStatus(profile, content, now), why: group.id });
        picks.push({ profile, status: evaluateStatus(profile, content, now), why: `${group.id} completed` });
      }
      continue;
    }
    take(group.id, inGroup);
    take(`${group.id} completed`, inGroup);
  }
  for (const rule of policy.supplemental)
    take(rule.id, (s) => s.supplemental && s.reasons[0]?.rule === rule.id);
  for (const rule of policy.exempt) take(rule.id, (s) => !s.supplemental && s.reasons[0]?.rule === rule.id);
  take('outside', (s) => s.required === false && s.reasons[0]?.rule === 'outside-required-population');

  const firstModule = content.modules.modules[0]?.id ?? 'A';
  const roster: RosterRecord[] = [];
  const completions: CompletionRecord[] = [];
  picks.forEach((pick, i) => {
    const n = String(i + 1).padStart(2, '0');
    const email = `demo.person${n}@example.edu`;
    const profile: Profile & { email: string } = {
      ...pick.profile,
      email,
      name: `Demo Person ${n}`,
      department: pick.profile.department ?? 'Demo Department',
    };
    roster.push({ line: i + 2, profile });
    if (pick.why.endsWith(' completed') && pick.status.window) {
      completions.push({ line: i + 2, email, module: firstModule, completedOn: pick.status.window.start });
    }
  });
  const first = groupsInWindowOrder(content)[0]?.id;
  const index = picks.findIndex((p) => p.why === first);
  const as = roster[Math.max(index, 0)]?.profile.email ?? '';
  return { roster, completions, as };
}
