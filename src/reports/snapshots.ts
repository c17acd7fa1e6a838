// Progress over time: a snapshot of the completion counts (required, completed, overdue per training group
// and department) after each completions import and once a day; days without one (before the first, or
// while the app was down) are rebuilt from the completion dates. Counts only: nothing here names anyone.

import type { Content } from '../content/load.js';
import { DAY_MS, dayIn, evaluateStatus } from '../rules/index.js';
import type { Snapshot, SnapshotCount, Store } from '../store/index.js';
import { NO_DEPARTMENT } from './report.js';

/** Rebuilt days stop this long after the last deadline: late completions still show, years of flat lines do not. */
export const RECONSTRUCT_AFTER_LAST_DEADLINE_DAYS = 28;
/** How often the daily job looks whether today's snapshot is taken (it takes one a day). */
export const DAILY_CHECK_EVERY_MS = 60 * 60 * 1000;

export type SnapshotStore = Pick<Store, 'listPeople' | 'snapshots'>;

/** `day` moved by `days` calendar days (YYYY-MM-DD, no zone involved). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** What a snapshot needs of one required person: never their name or email. */
interface Entry {
  groupId: string | null;
  department: string;
  /** Their earliest completion in the cycle, or null. */
  completedOn: string | null;
  deadline: string | null;
  overdueToday: boolean;
}

// The same people and rules as the completion report: required people only, by group and department.
async function entries(store: SnapshotStore, content: Content, now: Date): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const person of await store.listPeople({ active: true })) {
    const status = evaluateStatus(person.profile, content, now);
    if (status.required !== true) continue;
    out.push({
      groupId: status.group?.id ?? null,
      department: person.profile.department ?? NO_DEPARTMENT,
      completedOn: status.completed?.on ?? null,
      deadline: status.deadline,
      overdueToday: status.state === 'overdue',
    });
  }
  return out;
}

// `day` null: today's counts as the rules give them. A past day: done if completed by then, overdue if not
// and past the deadline (the roster as it is now: people who left since are not counted).
function countsOn(list: readonly Entry[], day: string | null): SnapshotCount[] {
  const rows = new Map<string, SnapshotCount>();
  for (const e of list) {
    const key = `${e.groupId ?? ''}\u0000${e.department}`;
    const row = rows.get(key) ?? {
      groupId: e.groupId,
      department: e.department,
      required: 0,
      completed: 0,
      overdue: 0,
    };
    const done = day === null ? e.completedOn !== null : e.completedOn !== null && e.completedOn <= day;
    const overdue = day === null ? e.overdueToday : e.deadline !== null && day > e.deadline;
    row.required += 1;
    if (done) row.completed += 1;
    else if (overdue) row.overdue += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => (a.groupId ?? '').localeCompare(b.groupId ?? '') || a.department.localeCompare(b.department),
  );
}

export interface RecordedSnapshot {
  /** The day the snapshot is for. */
  day: string;
  /** Missed days rebuilt before it, from the completion dates. */
  reconstructed: number;
  counts: SnapshotCount[];
}

/** The days to rebuild before `today`: after the last snapshot (or from the first window), up to yesterday. */
function missedDays(content: Content, lastDay: string | null, today: string): string[] {
  const windows = content.schedule.groups.map((g) => g.window);
  if (windows.length === 0) return [];
  const firstStart = windows.map((w) => w.start).sort()[0] as string;
  const lastEnd = windows
    .map((w) => w.end)
    .sort()
    .at(-1) as string;
  const from = lastDay === null || lastDay < firstStart ? firstStart : addDays(lastDay, 1);
  const until = [
    addDays(today, -1),
    addDays(lastEnd, RECONSTRUCT_AFTER_LAST_DEADLINE_DAYS),
  ].sort()[0] as string;
  const days: string[] = [];
  for (let day = from; day <= until; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * Takes a snapshot for the day `now` falls on (after an import, or by the daily job), after rebuilding any
 * day since the last one that has none. One transaction.
 */
export async function recordSnapshot(
  store: SnapshotStore,
  content: Content,
  now: Date,
  reason: 'import' | 'daily' = 'daily',
): Promise<RecordedSnapshot> {
  const cycle = content.schedule.cycle.name;
  const today = dayIn(now, content.schedule.cycle.timeZone);
  const list = await entries(store, content, now);
  const rebuilt = missedDays(content, await store.snapshots.lastDay(cycle), today).map((day) => ({
    cycle,
    day,
    reason: 'reconstructed' as const,
    counts: countsOn(list, day),
  }));
  const counts = countsOn(list, null);
  await store.snapshots.record([...rebuilt, { cycle, day: today, reason, counts }]);
  return { day: today, reconstructed: rebuilt.length, counts };
}

/** The daily job's step: a snapshot for today unless the job already took one; null when it had. */
export async function takeDailySnapshot(
  store: SnapshotStore,
  content: Content,
  now: Date,
): Promise<RecordedSnapshot | null> {
  const today = dayIn(now, content.schedule.cycle.timeZone);
  if (await store.snapshots.has(content.schedule.cycle.name, today, 'daily')) return null;
  return recordSnapshot(store, content, now, 'daily');
}

export interface DailySnapshotsDeps {
  /** One step: `() => takeDailySnapshot(store, content, now())`. */
  take: () => RecordedSnapshot | null | Promise<RecordedSnapshot | null>;
  onTaken?: (snapshot: RecordedSnapshot) => void;
  onError?: (error: unknown) => void;
  everyMs?: number;
  timers?: Pick<typeof globalThis, 'setInterval' | 'clearInterval'>;
}

/**
 * The daily job: a step at once, then every hour (a step does nothing once today's is taken), so the day's
 * snapshot follows midnight in the cycle's zone by an hour at most, whatever the server's zone. The timer
 * does not keep the process alive.
 */
export function startDailySnapshots(deps: DailySnapshotsDeps): { stop(): void } {
  const timers = deps.timers ?? globalThis;
  // One step at a time, in order: a check that starts while the last one is still writing would not see its
  // snapshot and take the day's a second time.
  let last: Promise<void> | null = null;
  const run = async () => {
    try {
      const taken = await deps.take();
      if (taken) deps.onTaken?.(taken);
    } catch (error) {
      deps.onError?.(error);
    }
  };
  const step = () => {
    const mine = last ? last.then(run) : run();
    last = mine;
    void mine.finally(() => {
      if (last === mine) last = null;
    });
  };
  step();
  const handle = timers.setInterval(step, deps.everyMs ?? DAILY_CHECK_EVERY_MS);
  (handle as { unref?: () => void }).unref?.();
  return { stop: () => timers.clearInterval(handle) };
}

export interface DayTotals {
  day: string;
  reason: Snapshot['reason'];
  required: number;
  completed: number;
  overdue: number;
  /** completed / required, 0..1; null when nobody is required. */
  rate: number | null;
}

/** Each day's totals over the counts it holds (already narrowed to a scope by the query). */
export function totalsByDay(snapshots: readonly Snapshot[]): DayTotals[] {
  return snapshots.map((s) => {
    const sum = (k: 'required' | 'completed' | 'overdue') => s.counts.reduce((n, c) => n + c[k], 0);
    const required = sum('required');
    const completed = sum('completed');
    return {
      day: s.day,
      reason: s.reason,
      required,
      completed,
      overdue: sum('overdue'),
      rate: required === 0 ? null : completed / required,
    };
  });
}

export interface Trend {
  /** Percentage points gained since `since` (negative when the rate fell). */
  points: number;
  /** The day compared with. */
  since: string;
  /** The rate that day, 0..1. */
  rateThen: number;
}

/**
 * How far the completion rate moved in a week, snapshot to snapshot: the latest against the last one at
 * least seven days older. Null without one that old, or without a rate on either day.
 */
export function weeklyTrend(snapshots: readonly Snapshot[]): Trend | null {
  const days = totalsByDay(snapshots);
  const latest = days.at(-1);
  if (!latest || latest.rate === null) return null;
  const weekBefore = addDays(latest.day, -7);
  const then = days.filter((d) => d.day <= weekBefore).at(-1);
  if (!then || then.rate === null) return null;
  return {
    points: Math.round((latest.rate - then.rate) * 1000) / 10,
    since: then.day,
    rateThen: then.rate,
  };
}

/** "+4.2 points since last week", "no change since last week", "-1.5 points since last week". */
export function trendText(trend: Trend): string {
  if (trend.points === 0) return 'no change since last week';
  return `${trend.points > 0 ? '+' : '-'}${Math.abs(trend.points).toFixed(1)} points since last week`;
}
