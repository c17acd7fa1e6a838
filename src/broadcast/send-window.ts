// When a reminder may reach a person: inside their own working hours (content/reminders.yml
// `schedule.recipientHours`) in their own time zone. Pure: the moment is passed in.
import { TZDate } from '@date-fns/tz';
import type { RecipientHours, Weekday } from '../content/schemas.js';
import { isTimeZone } from '../content/schemas.js';

// date-fns' getDay order: Sunday is 0.
const BY_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Where a person is: their Slack zone when Slack gave a valid one, else the cycle's (`known: false`). */
export interface RecipientZone {
  timeZone: string;
  known: boolean;
}

export function recipientZone(slackTz: string | null | undefined, cycleZone: string): RecipientZone {
  return slackTz && isTimeZone(slackTz)
    ? { timeZone: slackTz, known: true }
    : { timeZone: cycleZone, known: false };
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function at(local: TZDate, minutes: number, zone: string): Date {
  return new Date(
    new TZDate(
      local.getFullYear(),
      local.getMonth(),
      local.getDate(),
      Math.floor(minutes / 60),
      minutes % 60,
      0,
      zone,
    ).getTime(),
  );
}

/** Whether `moment` lies inside the person's hours (on an allowed weekday, from ≤ local time < until). */
export function insideHours(moment: Date, zone: string, hours: RecipientHours): boolean {
  return nextSendMoment(moment, zone, hours).getTime() === moment.getTime();
}

/**
 * The first moment at or after `moment` inside the person's hours: `moment` itself when it is inside, else
 * the next opening (today's later on, or the next allowed weekday's).
 */
export function nextSendMoment(moment: Date, zone: string, hours: RecipientHours): Date {
  const from = minutesOf(hours.from);
  const until = minutesOf(hours.until);
  const allowed = new Set<Weekday>(hours.weekdays);
  const local = new TZDate(moment.getTime(), zone);
  for (let k = 0; k <= 7; k++) {
    // Noon steps whole calendar days whatever DST does that night.
    const day = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + k, 12, 0, 0, zone);
    if (!allowed.has(BY_DAY[day.getDay()] as Weekday)) continue;
    const opens = at(day, from, zone);
    const closes = at(day, until, zone);
    if (moment.getTime() < closes.getTime()) return moment.getTime() < opens.getTime() ? opens : moment;
  }
  // Unreachable: at least one weekday is allowed, so within eight days a window closes after `moment`.
  throw new Error(`No send window within a week of ${moment.toISOString()} in ${zone}.`);
}
