// Who a reminder goes to: filters over the roster and the rules, evaluated when it is sent. Never someone who
// is not required or has completed, whatever the filters say.
import type { Content } from '../content/load.js';
import type { ReminderTemplate } from '../content/schemas.js';
import { AppError } from '../errors.js';
import { daysToDeadline, evaluateStatus, type PersonalStatus } from '../rules/index.js';
import type { Person, Store } from '../store/index.js';
import { placeholdersIn } from './templates.js';

/**
 * - `not_completed`: required and not completed, whatever the window (not open yet, open, overdue);
 * - `overdue`: past the deadline;
 * - `due_within`: the window is open and the deadline is at most `withinDays` days away (0 = today);
 * - `window_open`: the window is open today (deadline not passed).
 */
export type AudienceState = 'not_completed' | 'overdue' | 'due_within' | 'window_open';
export const AUDIENCE_STATES: readonly AudienceState[] = [
  'not_completed',
  'overdue',
  'due_within',
  'window_open',
];

export interface AudienceSpec {
  state: AudienceState;
  /** For `due_within`. */
  withinDays?: number;
  /** A training group id from schedule.yml. */
  group?: string;
  department?: string;
  /**
   * Reminders by personal deadline: only people whose own deadline (policy.yml `deadlines`) is exactly one
   * of these many days away (negative: that many days late). Decides instead of `state`.
   */
  daysLeft?: number[];
}

export class AudienceError extends AppError {
  static override readonly code = 'audience_invalid';
  static override readonly expected = true;
  override name = 'AudienceError';
}

export interface Recipient {
  person: Person;
  status: PersonalStatus;
}

export interface GroupCount {
  groupId: string | null;
  name: string;
  count: number;
}

export interface Audience {
  recipients: Recipient[];
  byGroup: GroupCount[];
}

/** `not-completed`, `not_completed` → 'not_completed'; throws an AudienceError quoting anything else. */
export function parseAudienceState(text: string): AudienceState {
  const state = text.trim().toLowerCase().replaceAll('-', '_');
  if ((AUDIENCE_STATES as readonly string[]).includes(state)) return state as AudienceState;
  throw new AudienceError(
    `Unknown audience state "${text}": expected one of ${AUDIENCE_STATES.map((s) => s.replaceAll('_', '-')).join(', ')}.`,
  );
}

/** Checks the spec against the content: the group exists, `due_within` has its number of days. */
export function validateAudience(spec: AudienceSpec, content: Content): void {
  if (spec.group !== undefined && !content.schedule.groups.some((g) => g.id === spec.group)) {
    throw new AudienceError(
      `Unknown training group "${spec.group}": expected one of ${content.schedule.groups.map((g) => g.id).join(', ')}.`,
    );
  }
  if (spec.daysLeft !== undefined && (spec.daysLeft.length === 0 || !spec.daysLeft.every(Number.isInteger)))
    throw new AudienceError(
      `"days left" needs whole numbers of days (got ${JSON.stringify(spec.daysLeft)}).`,
    );
  if (spec.state === 'due_within') {
    const n = spec.withinDays;
    if (n === undefined || !Number.isInteger(n) || n < 0)
      throw new AudienceError(
        `"due within" needs a whole number of days, 0 or more (got ${JSON.stringify(n)}).`,
      );
  }
}

/**
 * Whether a template can be filled in for everyone in this state: `{{daysLate}}` needs overdue people,
 * `{{daysLeft}}` people whose window is open.
 */
export function checkTemplateFits(template: ReminderTemplate, spec: AudienceSpec): void {
  if (template.kind !== 'reminder')
    throw new AudienceError(
      `Template "${template.id}" is an announcement: it goes to a channel, not to people.`,
    );
  const used = placeholdersIn(template);
  if (spec.daysLeft !== undefined) {
    if (used.has('daysLate') && spec.daysLeft.some((d) => d >= 0))
      throw new AudienceError(
        `Template "${template.id}" says how late someone is ({{daysLate}}): use it for overdue reminders only.`,
      );
    if (used.has('daysLeft') && spec.daysLeft.some((d) => d < 0))
      throw new AudienceError(
        `Template "${template.id}" says how many days are left ({{daysLeft}}): not for overdue reminders.`,
      );
    return;
  }
  if (used.has('daysLate') && spec.state !== 'overdue')
    throw new AudienceError(
      `Template "${template.id}" says how late someone is ({{daysLate}}): pick the overdue state.`,
    );
  if (used.has('daysLeft') && spec.state !== 'window_open' && spec.state !== 'due_within')
    throw new AudienceError(
      `Template "${template.id}" says how many days are left ({{daysLeft}}): pick "window open" or "due within".`,
    );
}

/** The person's status now fits the audience (required, not completed, in the state asked for). */
export function matchesAudience(status: PersonalStatus, spec: AudienceSpec): boolean {
  if (spec.daysLeft !== undefined) return matchesOwnDeadline(status, spec, spec.daysLeft);
  if (status.required !== true || status.completed !== null) return false;
  if (spec.group !== undefined && status.group?.id !== spec.group) return false;
  const open = status.state === 'open' || status.state === 'due_today';
  switch (spec.state) {
    case 'not_completed':
      return open || status.state === 'overdue' || status.state === 'not_open_yet';
    case 'overdue':
      return status.state === 'overdue';
    case 'window_open':
      return open;
    case 'due_within':
      return open && status.daysLeft !== null && status.daysLeft <= (spec.withinDays ?? 0);
    default:
      return spec.state satisfies never;
  }
}

/**
 * By personal deadline: required, with a deadline of their own exactly `days` away; someone whose last
 * completion still counts is reminded of their refresher, anyone else who completed is not.
 */
function matchesOwnDeadline(status: PersonalStatus, spec: AudienceSpec, days: readonly number[]): boolean {
  if (status.required !== true || status.personal === null) return false;
  if (status.completed !== null && status.personal.applied?.after !== 'lastCompletion') return false;
  if (spec.group !== undefined && status.group?.id !== spec.group) return false;
  const left = daysToDeadline(status);
  return left !== null && days.includes(left);
}

/** People read from the roster at a time while an audience is worked out: memory stays flat with its size. */
export const AUDIENCE_PAGE = 1000;

/**
 * The audience a page at a time (keyset on email, the roster's order), so that a 20,000-person campaign
 * never holds everyone at once. Each page holds the recipients among the next `pageSize` people.
 */
export async function* audiencePages(
  store: Pick<Store, 'listPeople'>,
  content: Content,
  spec: AudienceSpec,
  now: Date,
  pageSize = AUDIENCE_PAGE,
): AsyncGenerator<Recipient[]> {
  validateAudience(spec, content);
  // The store narrows by department; the rules decide the rest (group, requirement, window, and whether a
  // completion counts for this cycle: one before the windows opened is the earlier training).
  let afterEmail: string | undefined;
  for (;;) {
    const people = await store.listPeople({
      active: true,
      ...(spec.department !== undefined ? { department: spec.department } : {}),
      ...(afterEmail !== undefined ? { afterEmail } : {}),
      limit: pageSize,
    });
    const recipients: Recipient[] = [];
    for (const person of people) {
      const status = evaluateStatus(person.profile, content, now);
      if (matchesAudience(status, spec)) recipients.push({ person, status });
    }
    if (recipients.length > 0) yield recipients;
    if (people.length < pageSize) return;
    afterEmail = people.at(-1)?.profile.email;
  }
}

/** Counts by training group, in schedule.yml's order, as an audience is read page by page. */
export function createGroupCounter(content: Content) {
  const counts = new Map<string, GroupCount>();
  return {
    add({ status }: Recipient) {
      const key = status.group?.id ?? '';
      const entry = counts.get(key) ?? {
        groupId: status.group?.id ?? null,
        name: status.group?.name ?? 'No group',
        count: 0,
      };
      entry.count += 1;
      counts.set(key, entry);
    },
    byGroup(): GroupCount[] {
      const order = content.schedule.groups.map((g) => g.id);
      return [...counts.values()].sort(
        (a, b) => order.indexOf(a.groupId ?? '') - order.indexOf(b.groupId ?? ''),
      );
    },
  };
}

/** Everyone on the current roster the spec selects, at `now`, in email order. */
export async function resolveAudience(
  store: Pick<Store, 'listPeople'>,
  content: Content,
  spec: AudienceSpec,
  now: Date,
): Promise<Audience> {
  validateAudience(spec, content);
  const people = await store.listPeople({
    active: true,
    ...(spec.department !== undefined ? { department: spec.department } : {}),
  });
  const recipients: Recipient[] = [];
  const counter = createGroupCounter(content);
  for (const person of people) {
    const status = evaluateStatus(person.profile, content, now);
    if (!matchesAudience(status, spec)) continue;
    const recipient = { person, status };
    recipients.push(recipient);
    counter.add(recipient);
  }
  const byGroup = counter.byGroup();
  return { recipients, byGroup };
}
