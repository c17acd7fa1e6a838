// Reminders that go out on their own (content/reminders.yml `schedule`): when a group's window opens, some days
// before its deadline, and every few days while overdue, at a set local hour on weekdays in the cycle's zone
// (with `recipientHours`, written at the start of the day and sent in each person's own hours: send-window.ts).
// Each occurrence has a key that the database keeps unique, so no restart sends one twice.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { isWeekend } from 'date-fns/isWeekend';
import type { Content } from '../content/load.js';
import type { ScheduledReminder, TrainingGroup } from '../content/schemas.js';
import { DAY_MS, dayIn, startOfDayIn } from '../rules/index.js';
import type { AudienceSpec } from './audience.js';
import type { Broadcaster, CampaignSummary, RunOptions } from './campaigns.js';

export interface Occurrence {
  /**
   * `<reminder id>:<group id>:<nominal day>`, or `<reminder id>:own:<day>` for a reminder by personal
   * deadline (one a day, to the people whose own deadline is that far): unique in the database.
   */
  key: string;
  reminder: ScheduledReminder;
  /** The group whose window it is about; null for a reminder by personal deadline. */
  group: TrainingGroup | null;
  /** The day it goes out (moved off a weekend when weekdaysOnly). */
  day: string;
  audience: AudienceSpec;
}

const ISO = 'yyyy-MM-dd';

function shiftDay(day: string, zone: string, by: number): string {
  return format(addDays(new TZDate(startOfDayIn(day, zone).getTime(), zone), by), ISO);
}

function weekday(day: string, zone: string, direction: 1 | -1): string {
  let d = day;
  while (isWeekend(new TZDate(startOfDayIn(d, zone).getTime(), zone))) d = shiftDay(d, zone, direction);
  return d;
}

/**
 * How long after a deadline the overdue reminders go on when the schedule does not say: four weekly ones.
 * Past it nothing is sent, so a bot left running with last cycle's content does not write about a deadline
 * years past.
 */
export const DEFAULT_OVERDUE_FOR_DAYS = 28;

/** Scheduled reminders whose day is `today` (YYYY-MM-DD in the cycle's zone). */
export function occurrencesOn(content: Content, today: string): Occurrence[] {
  const zone = content.schedule.cycle.timeZone;
  const { weekdaysOnly, reminders } = content.reminders.schedule;
  const found: Occurrence[] = [];
  for (const reminder of reminders) {
    const when = reminder.when;
    if ('daysBeforeOwnDeadline' in when || 'ownDeadlineOverdue' in when) {
      const own = ownDeadlineOccurrence(reminder, today, zone, weekdaysOnly);
      if (own) found.push(own);
      continue;
    }
    const groups = content.schedule.groups.filter((g) => !reminder.groups || reminder.groups.includes(g.id));
    for (const group of groups) {
      // Before a deadline a weekend reminder moves earlier (still before it); otherwise later.
      let nominal: string | null = null;
      let audience: AudienceSpec;
      let direction: 1 | -1 = 1;
      if ('windowOpens' in when) {
        nominal = group.window.start;
        audience = { state: 'window_open', group: group.id };
      } else if ('daysBeforeDeadline' in when) {
        nominal = shiftDay(group.window.end, zone, -when.daysBeforeDeadline);
        audience = { state: 'window_open', group: group.id };
        direction = -1;
      } else if ('overdueEveryDays' in when) {
        // The first overdue day, then every `overdueEveryDays` days while anyone still is.
        const firstLate = shiftDay(group.window.end, zone, 1);
        audience = { state: 'overdue', group: group.id };
        const forDays = when.overdueForDays ?? DEFAULT_OVERDUE_FOR_DAYS;
        if (today >= firstLate && today <= shiftDay(firstLate, zone, forDays)) {
          const late = Math.round(
            (startOfDayIn(today, zone).getTime() - startOfDayIn(firstLate, zone).getTime()) / DAY_MS,
          );
          // A weekend occurrence moves to Monday: look back up to two days for one that landed on today.
          for (let back = 0; back <= 2; back++) {
            const n = late - back;
            if (n >= 0 && n % when.overdueEveryDays === 0) {
              const candidate = shiftDay(firstLate, zone, n);
              if ((weekdaysOnly ? weekday(candidate, zone, 1) : candidate) === today) nominal = candidate;
            }
          }
        }
      } else continue;
      if (nominal === null) continue;
      const day = weekdaysOnly ? weekday(nominal, zone, direction) : nominal;
      if (day !== today) continue;
      found.push({ key: `${reminder.id}:${group.id}:${nominal}`, reminder, group, day, audience });
    }
  }
  return found;
}

/**
 * A reminder by personal deadline on `today`: one occurrence a day, whose audience is everyone whose own
 * deadline is exactly N days away (`daysBeforeOwnDeadline: N`) or was yesterday (`ownDeadlineOverdue`: the
 * first day it is overdue). With weekdays only, nothing goes out on a weekend: a Friday also takes the people
 * whose day would fall on the weekend after it (before a deadline, earlier), a Monday those whose first late
 * day fell on the weekend before it. So each person's day maps to exactly one occurrence: once each.
 */
function ownDeadlineOccurrence(
  reminder: ScheduledReminder,
  today: string,
  zone: string,
  weekdaysOnly: boolean,
): Occurrence | null {
  const when = reminder.when;
  const before = 'daysBeforeOwnDeadline' in when ? when.daysBeforeOwnDeadline : null;
  const direction: 1 | -1 = before === null ? 1 : -1;
  if (weekdaysOnly && weekday(today, zone, direction) !== today) return null;
  // The days whose reminder lands on today: today itself, and with weekdays only the weekend days moved here.
  const shifts = [0, 1, 2].filter(
    (k) =>
      k === 0 || (weekdaysOnly && weekday(shiftDay(today, zone, -direction * k), zone, direction) === today),
  );
  const daysLeft = shifts.map((k) => (before === null ? -1 - k : before + k));
  return {
    key: `${reminder.id}:own:${today}`,
    reminder,
    group: null,
    day: today,
    audience: { state: before === null ? 'overdue' : 'not_completed', daysLeft },
  };
}

/**
 * The occurrences due at `now`: today's, once the local hour is reached. With `recipientHours`, from the start
 * of the day: each delivery then waits for its person's own hours.
 */
export function dueOccurrences(content: Content, now: Date): Occurrence[] {
  const zone = content.schedule.cycle.timeZone;
  const local = new TZDate(now.getTime(), zone);
  const { hour, recipientHours } = content.reminders.schedule;
  if (!recipientHours && local.getHours() < hour) return [];
  return occurrencesOn(content, dayIn(now, zone));
}

export interface ReminderScheduler {
  /** Starts and runs every due occurrence not started before; returns what it ran. */
  tick(
    options?: RunOptions,
  ): Promise<{ occurrence: Occurrence; summary: CampaignSummary; created: boolean }[]>;
  /** Ticks every `intervalMs` until stopped. */
  start(): void;
  stop(): void;
}

export interface ReminderSchedulerDeps {
  broadcaster: Broadcaster;
  content: Content;
  now?: () => Date;
  intervalMs?: number;
  onError?: (error: unknown) => void;
  /** With several replicas: whether this one runs the scheduler now (it holds the jobs lease). */
  leader?: () => Promise<boolean>;
}

export const SCHEDULER_SENDER = { kind: 'system', id: 'scheduler' } as const;

export function createReminderScheduler(deps: ReminderSchedulerDeps): ReminderScheduler {
  const now = deps.now ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  const timed = deps.content.reminders.schedule.recipientHours !== undefined;

  const startDue = async () => {
    const started: { occurrence: Occurrence; campaignId: number; created: boolean }[] = [];
    for (const occurrence of dueOccurrences(deps.content, now())) {
      const { campaignId, created } = await deps.broadcaster.start(
        { kind: 'reminder', audience: occurrence.audience, template: occurrence.reminder.template },
        SCHEDULER_SENDER,
        { scheduleKey: occurrence.key },
      );
      started.push({ occurrence, campaignId, created });
    }
    return started;
  };

  const tick: ReminderScheduler['tick'] = async (options) => {
    const started = await startDue();
    // An occurrence started before is only run again if a crash left it unfinished. With recipient hours a run
    // lasts until the last time zone's hours: the day's runs go side by side (one queue, one pace), so one
    // waiting for California does not hold back another's recipients in Boston.
    const runOne = async ({ occurrence, campaignId, created }: (typeof started)[number]) => ({
      occurrence,
      summary: await deps.broadcaster.run(campaignId, options),
      created,
    });
    if (timed) return Promise.all(started.map(runOne));
    const results = [];
    for (const one of started) results.push(await runOne(one));
    return results;
  };

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = (async () => {
          if (deps.leader && !(await deps.leader())) return;
          if (!timed) {
            await tick();
            return;
          }
          // A run waiting for California's hours must not hold back tomorrow's occurrences: runs go on in the
          // background, and a run of a campaign already being sent here returns at once (`elsewhere`).
          for (const { campaignId } of await startDue())
            deps.broadcaster.run(campaignId).catch((error: unknown) => deps.onError?.(error));
        })()
          .catch((error: unknown) => deps.onError?.(error))
          .finally(() => {
            running = null;
          });
      }, deps.intervalMs ?? 60_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
