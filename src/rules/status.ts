// "Do I need to take it?": one person's requirement, training group, window, deadline and state at one
// moment, read from policy.yml and schedule.yml. Pure: the clock is the `now` argument.

import { evaluateCondition, type Facts, unique, type Verdict } from '../content/conditions.js';
import { cycleOpens as cycleOpensOf, resolveGroup } from '../content/group.js';
import type { Content } from '../content/load.js';
import type { Profile } from '../content/profile.js';
import { roleLabel } from '../content/roles.js';
import type { Condition, PolicyFile, PolicyRule } from '../content/schemas.js';
import { dayIn, daysBetween, endOfDayMs, startOfDayMs } from './calendar.js';
import { hasPersonalDeadlines, type PersonalDeadline, personalDeadline } from './deadlines.js';
import { mismatches, type ReasonWords } from './reasons.js';

export type StatusState =
  | 'not_required'
  | 'not_open_yet'
  | 'open'
  | 'due_today'
  | 'overdue'
  | 'completed'
  | 'unknown';

export interface StatusReason {
  text: string;
  /** The FAQ entry id the reason comes from. */
  faq: string;
  /** The policy.yml rule id, or one of GENERATED_RULES for reasons the code words. */
  rule: string;
}

export interface StatusRecommendation {
  text: string;
  faq: string;
  rule: string;
}

export interface PersonalStatus {
  /** null when the profile lacks a fact a requirement needs (`missing` says which). */
  required: boolean | null;
  /**
   * `completed` wins over everything (done is done, whatever the window or the requirement);
   * then `not_required`; `unknown` when `required` is null, or when it is true but no training group
   * (so no window) can be found; otherwise the phase of the window at `now`.
   */
  state: StatusState;
  /** Why: the deciding rule(s) first, then for required people the still-required notes that apply. */
  reasons: StatusReason[];
  /** The group the profile places the person in, reported even when not required. */
  group: { id: string; name: string } | null;
  window: { start: string; end: string } | null;
  /** The window's last day: it lasts until midnight at its end in the cycle's time zone. */
  deadline: string | null;
  /**
   * Whole calendar days from today to the deadline in the cycle's time zone, only in the states
   * `open` (1 or more), `due_today` (0) and `overdue` (negative); null otherwise.
   */
  daysLeft: number | null;
  /** Days past the deadline when `overdue` (= -daysLeft); null otherwise. */
  daysLate: number | null;
  /** The window's first day when `not_open_yet`; null otherwise. */
  opensOn: string | null;
  /** A completion of this cycle's training (see `evaluateStatus` on earlier ones). */
  completed: { module: string; on: string } | null;
  /**
   * The latest completion of an earlier cycle, when there is no completion of this one: shown ("you completed
   * Course E in 2020-21"), never counted. `cycle` is the earlier cycle's label, null when not known.
   */
  earlier: { module: string; on: string; cycle: string | null } | null;
  /** Not required because policy.yml `supplemental` says so: they may take it as supplemental learning. */
  supplemental: boolean;
  /** Profile fields a rule needed and did not have, e.g. ['studyYear'], ['paid'], ['area']. */
  missing: string[];
  /** Module ids the source recommends for the situation (graduating: C, E). */
  modules: string[];
  /** contacts.yml ids that fit the situation. */
  contacts: string[];
  recommendations: StatusRecommendation[];
  /**
   * When required: the exemptions that could still apply because the profile lacks the fact they need (no
   * start date), each as a clause after "Yes, unless" (policy.yml `unless`). Empty otherwise.
   */
  unless: StatusReason[];
  /**
   * With policy.yml `deadlines` (relative to the person): their requirement, the rule that decided their
   * deadline and why; null when the content has fixed windows only, or a fixed window came first.
   */
  personal: PersonalDeadline | null;
  /** The cycle's time zone and the day `now` falls on there: what the day counts are relative to. */
  timeZone: string;
  today: string;
}

/** Rule ids for reasons worded here rather than taken from policy.yml. */
export const GENERATED_RULES = {
  outsidePopulation: 'outside-required-population',
  trainingGroup: 'training-group',
} as const;

/** How a missing profile field is named to a person ("your profile does not give …"). */
export const FIELD_LABEL: Record<string, string> = {
  paid: 'whether your appointment is paid',
  studyYear: 'your year of study',
  area: 'where your appointment sits',
  department: 'your department or unit',
  group: 'a training group that is in the schedule',
  startDate: 'the date you were onboarded',
  appointmentEnd: 'when your appointment ends',
  roleStart: 'the date you started your current role',
  hoursWorked: 'how many hours you have worked',
};

/**
 * The missing fields in words. With the content, the area is named with the choices policy.yml `areas`
 * gives ("where your appointment sits (a school, …, or …)").
 */
export function describeFields(fields: readonly string[], content?: Pick<Content, 'policy'>): string {
  const labels = fields.map((f) => (f === 'area' && content ? areaField(content) : (FIELD_LABEL[f] ?? f)));
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

function areaField(content: Pick<Content, 'policy'>): string {
  const names = content.policy.areas.map((a) => a.label);
  if (names.length === 0) return FIELD_LABEL.area ?? 'area';
  const list = names.length === 1 ? names.join('') : `${names.slice(0, -1).join(', ')}, or ${names.at(-1)}`;
  return `${FIELD_LABEL.area} (${list})`;
}

interface Evaluated<R> {
  rule: R;
  verdict: Verdict;
}

/**
 * The decision, in the order policy.yml documents:
 * - a `supplemental` rule that holds decides "not required, may take it as supplemental learning";
 * - an `exempt` rule that holds decides "not required" (the first one, in file order), even when a
 *   requirement could not be settled: a paid staff member whose appointment ends by the deadline, or a
 *   graduate student of unknown year who is leaving before it, need not take it either way;
 * - else a `required` rule that holds makes it required;
 * - else a `required` rule left open by a missing fact makes it unknown (`missing` names the fact and the
 *   reasons give the general rule);
 * - else the person is outside the required populations.
 * An exempt rule left open does not block: without a start date or appointment end the exemption is
 * simply not applied, and the still-required note for it (shown to required people) states the general rule.
 *
 * A profile `completed` counts for this cycle only if it is on or after the first day any group's window
 * opens; an earlier one is the earlier training (the 2018 question), which does not exempt. So is a
 * completion the history records under an earlier cycle (`earlierCompletion`).
 */
export function evaluateStatus(profile: Profile, content: Content, now: Date): PersonalStatus {
  const { policy, schedule } = content;
  const zone = schedule.cycle.timeZone;
  const today = dayIn(now, zone);
  const resolution = resolveGroup(profile, content);
  const group = resolution.group;

  // YYYY-MM-DD strings compare as dates.
  const cycleOpens = cycleOpensOf(content);
  const completion = profile.completed ?? null;
  const completed = completion && completion.on >= cycleOpens ? { ...completion } : null;
  const earlier = completed ? null : earlierOf(profile, content, cycleOpens);

  const facts: Facts = {
    profile,
    onboardingCutoff: policy.onboardingCutoff ?? null,
    groupId: group?.id ?? null,
    deadline: group?.window.end ?? null,
    groupMissing: resolution.missing,
    completedEarlierTraining: earlier ? true : null,
  };
  const judge = <R extends { when: Condition }>(rules: readonly R[]): Evaluated<R>[] =>
    rules.map((rule) => ({ rule, verdict: evaluateCondition(rule.when, facts) }));

  const requiredRules = judge(policy.required);
  const exemptRules = judge(policy.exempt);
  const supplemental = judge(policy.supplemental).find((r) => r.verdict.value === true);
  const exemption = supplemental ?? exemptRules.find((r) => r.verdict.value === true);
  const holding = requiredRules.filter((r) => r.verdict.value === true);
  const open = requiredRules.filter((r) => r.verdict.value === null);

  let required: boolean | null;
  const reasons: StatusReason[] = [];
  const contacts: string[] = [];
  let missing: string[] = [];
  const unless: StatusReason[] = [];

  if (exemption) {
    required = false;
    reasons.push(reasonOf(exemption.rule));
    contacts.push(...exemption.rule.contacts);
  } else if (holding.length > 0) {
    required = true;
    reasons.push(...holding.map((r) => reasonOf(r.rule)));
    // "Yes" would assert a fact the person did not give: an exemption left open says what it depends on.
    for (const { rule, verdict } of exemptRules) {
      if (verdict.value === null && rule.unless !== undefined)
        unless.push({ text: rule.unless, faq: rule.faq, rule: rule.id });
    }
    for (const note of judge(policy.stillRequired)) {
      // A note whose situation is unknown (no start date; the 2018 training is never on the profile)
      // is still shown: it answers the question the person is likely to ask, as the general rule.
      if (note.verdict.value === false) continue;
      reasons.push(reasonOf(note.rule));
      if (note.verdict.value === true) contacts.push(...note.rule.contacts);
    }
  } else if (open.length > 0) {
    required = null;
    missing = unique(open.flatMap((r) => r.verdict.missing));
    reasons.push(...open.map((r) => reasonOf(r.rule)));
    // The exemptions that hinge on the same missing fact complete the general rule ("unpaid appointees
    // are not required" next to "all paid staff are required").
    for (const r of exemptRules) {
      if (r.verdict.value === null && r.verdict.missing.some((f) => missing.includes(f))) {
        reasons.push(reasonOf(r.rule));
      }
    }
  } else {
    required = false;
    reasons.push(...outsideReasons(profile, requiredRules, facts, { policy, groups: schedule.groups }));
  }

  // Deadlines relative to the person, next to the fixed windows: the earlier decides.
  const own =
    hasPersonalDeadlines(policy) && required !== false ? personalDeadline(profile, policy, facts) : null;
  // With no rule of its own that applies, a person with a window keeps it; without windows at all, the
  // personal answer stands (it says what it is missing).
  const personalDecides =
    own !== null &&
    (own.applied !== null
      ? group === null || own.applied.due <= group.window.end
      : schedule.groups.length === 0 || (group === null && resolution.missing.length === 0));
  if (own !== null && personalDecides) {
    return personalStatus(own, {
      required,
      reasons,
      missing,
      contacts,
      unless,
      group: group ? { id: group.id, name: group.name } : null,
      supplemental: supplemental !== undefined,
      recommendations: recommendationsOf(judge(policy.recommendations)),
      now,
      zone,
      today,
    });
  }

  // The group matters only to someone who may still have to take it.
  const needsWindow = required !== false && completed === null;
  if (needsWindow && group === null) {
    missing = unique([...missing, ...resolution.missing]);
    reasons.push(groupReason(resolution, content));
  }

  const recommended = recommendationsOf(judge(policy.recommendations));

  const window = group ? { start: group.window.start, end: group.window.end } : null;
  const state = stateOf(required, completed, window, now, zone);
  const daysLeft =
    window && (state === 'open' || state === 'due_today' || state === 'overdue')
      ? daysBetween(today, window.end, zone)
      : null;

  return {
    required,
    state,
    reasons,
    group: group ? { id: group.id, name: group.name } : null,
    window,
    deadline: window?.end ?? null,
    daysLeft,
    daysLate: state === 'overdue' && daysLeft !== null ? -daysLeft : null,
    opensOn: state === 'not_open_yet' && window ? window.start : null,
    completed,
    earlier,
    supplemental: supplemental !== undefined,
    missing,
    modules: unique(recommended.modules),
    contacts: unique([...contacts, ...recommended.contacts]),
    recommendations: recommended.recommendations,
    unless,
    personal: null,
    timeZone: zone,
    today,
  };
}

function recommendationsOf(
  judged: readonly Evaluated<PolicyFile['recommendations'][number]>[],
): Pick<PersonalStatus, 'recommendations' | 'modules' | 'contacts'> {
  const out: Pick<PersonalStatus, 'recommendations' | 'modules' | 'contacts'> = {
    recommendations: [],
    modules: [],
    contacts: [],
  };
  for (const { rule, verdict } of judged) {
    if (verdict.value !== true) continue;
    out.recommendations.push({ text: rule.text, faq: rule.faq, rule: rule.id });
    out.modules.push(...rule.modules);
    out.contacts.push(...rule.contacts);
  }
  return out;
}

/**
 * The status when a deadline relative to the person decides: the requirement for their role and the rule
 * that applied (the earliest), each as a reason; `completed` while the last completion that counts still
 * does (until a refresher falls due).
 */
function personalStatus(
  own: PersonalDeadline,
  base: {
    required: boolean | null;
    reasons: StatusReason[];
    missing: string[];
    contacts: string[];
    unless: StatusReason[];
    group: PersonalStatus['group'];
    supplemental: boolean;
    recommendations: Pick<PersonalStatus, 'recommendations' | 'modules' | 'contacts'>;
    now: Date;
    zone: string;
    today: string;
  },
): PersonalStatus {
  const { required, now, zone, today } = base;
  const { applied, counted, requirement } = own;
  const reasons = [...base.reasons];
  if (requirement.faq !== '')
    reasons.push({ text: requirement.reason, faq: requirement.faq, rule: requirement.id });
  if (applied)
    reasons.push({ text: `${applied.reason} ${own.why ?? ''}`.trim(), faq: applied.faq, rule: applied.rule });
  const stillCounts =
    counted !== null &&
    (applied === null ||
      (applied.after === 'lastCompletion' && !applied.hoursReached && today < applied.due));
  let state: StatusState;
  if (stillCounts) state = 'completed';
  else if (required === null || applied === null) state = 'unknown';
  // The hours limit reached decides at once: exactly at it, due now; past it, overdue.
  else if (applied.hoursReached) state = applied.hoursPassed ? 'overdue' : 'due_today';
  else if (now.getTime() >= endOfDayMs(applied.due, zone)) state = 'overdue';
  else state = today === applied.due ? 'due_today' : 'open';
  const daysLeft =
    applied && !applied.hoursReached && (state === 'open' || state === 'due_today' || state === 'overdue')
      ? daysBetween(today, applied.due, zone)
      : null;
  const missing = state === 'completed' ? base.missing : unique([...base.missing, ...own.missing]);
  return {
    required,
    state,
    reasons,
    group: base.group,
    window: null,
    deadline: applied?.hoursReached ? today : (applied?.due ?? null),
    // Hours reached: due now, on no particular day (the roster does not say when the limit was crossed).
    daysLeft: applied?.hoursReached ? null : daysLeft,
    daysLate: state === 'overdue' && !applied?.hoursReached ? -(daysLeft ?? 0) : null,
    opensOn: null,
    completed: stillCounts && counted ? { ...counted } : null,
    earlier: null,
    supplemental: base.supplemental,
    missing,
    modules: unique([...requirement.modules, ...base.recommendations.modules]),
    contacts: unique([...base.contacts, ...base.recommendations.contacts]),
    recommendations: base.recommendations.recommendations,
    unless: base.unless,
    personal: own,
    timeZone: zone,
    today,
  };
}

/** The earlier completion to show: the history's, else this cycle's record dated before it opened. */
function earlierOf(profile: Profile, content: Content, cycleOpens: string): PersonalStatus['earlier'] {
  const recorded = profile.earlierCompletion;
  if (recorded) {
    const cycle = content.schedule.earlierCycles.find((c) => c.name === recorded.cycle);
    return { module: recorded.module, on: recorded.on, cycle: cycle?.label ?? recorded.cycle };
  }
  const completion = profile.completed;
  return completion && completion.on < cycleOpens
    ? { module: completion.module, on: completion.on, cycle: null }
    : null;
}

function stateOf(
  required: boolean | null,
  completed: PersonalStatus['completed'],
  window: PersonalStatus['window'],
  now: Date,
  zone: string,
): StatusState {
  if (completed) return 'completed';
  if (required === false) return 'not_required';
  if (required === null || window === null) return 'unknown';
  if (now.getTime() < startOfDayMs(window.start, zone)) return 'not_open_yet';
  // The deadline day lasts until the midnight that ends it in the cycle's zone (exclusive).
  if (now.getTime() >= endOfDayMs(window.end, zone)) return 'overdue';
  return dayIn(now, zone) === window.end ? 'due_today' : 'open';
}

function reasonOf(rule: PolicyRule): StatusReason {
  return { text: rule.reason, faq: rule.faq, rule: rule.id };
}

/**
 * Not in any required population: name the requirement nearest to the person (same role) and the fact
 * that keeps them out of it, or say their role is not one the training is required of.
 */
function outsideReasons(
  profile: Profile,
  rules: readonly Evaluated<PolicyRule>[],
  facts: Facts,
  words: ReasonWords,
): StatusReason[] {
  const { policy } = words;
  const sameRole = rules.filter(
    ({ rule }) => rule.when.role === undefined || evaluateCondition({ role: rule.when.role }, facts).value,
  );
  if (sameRole.length === 0) {
    const first = rules[0]?.rule;
    return [
      {
        text: `Your role (${roleLabel(policy, profile.role)}) is not one of those the training is required of.`,
        faq: first?.faq ?? '',
        rule: GENERATED_RULES.outsidePopulation,
      },
    ];
  }
  return sameRole.map(({ rule }) => {
    const because = mismatches(rule.when, facts, words);
    return {
      text: because.length
        ? `${rule.reason} According to your profile, ${because.join(' and ')}.`
        : rule.reason,
      faq: rule.faq,
      rule: rule.id,
    };
  });
}

function groupReason(resolution: ReturnType<typeof resolveGroup>, content: Content): StatusReason {
  const { cycle, groups } = content.schedule;
  const faq = scheduleFaq(content);
  const rule = GENERATED_RULES.trainingGroup;
  if (resolution.unknownId !== null) {
    return {
      text: `Your profile names the training group "${resolution.unknownId}", which is not in the ${cycle.name} schedule (its groups: ${groups.map((g) => g.id).join(', ')}).`,
      faq,
      rule,
    };
  }
  if (resolution.missing.length > 0) {
    return {
      text: `Your training group, and so your window and deadline, depends on ${describeFields(resolution.missing)}, which your profile does not give.`,
      faq,
      rule,
    };
  }
  return {
    text: `No training group in the ${cycle.name} schedule matches your profile, so there is no window to show.`,
    faq,
    rule,
  };
}

/** The FAQ entry for the rollout schedule: the cycle's own, else the entry in the schedule category. */
export function scheduleFaq(content: Content): string {
  return (
    content.schedule.cycle.faq ??
    content.faq.entries.find((e) => e.category === 'schedule')?.id ??
    content.faq.entries[0]?.id ??
    ''
  );
}

/**
 * Whole days from today to the person's deadline, as reminders count them: `daysLeft`, or, with a deadline of
 * their own, the days to its date: also while their last completion still counts (to the refresher), and for a
 * deadline "within N days or H hours worked" whose hours are already reached, whose one date is its day part.
 * Reminders by personal deadline go by that date, and say the hours beside it (`{{hours}}`), so the roster's
 * hours moving from one night to the next never gives anyone the same reminder twice.
 */
export function daysToDeadline(status: PersonalStatus): number | null {
  const applied = status.personal?.applied;
  if (applied) return daysBetween(status.today, applied.due, status.timeZone);
  return status.daysLeft;
}
