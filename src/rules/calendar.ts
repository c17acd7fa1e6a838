// Calendar days and instants in the cycle's time zone: where a window opens and a deadline ends.
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { AppError } from '../errors.js';

/** One day in milliseconds, for durations (a calendar day in a zone is `startOfDayIn`/`endOfDayIn`). */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A YYYY-MM-DD string that is not a real calendar date, or a moment the CLI could not read. */
export class InvalidMomentError extends AppError {
  static override readonly code = 'invalid_moment';
  static override readonly expected = true;
  override name = 'InvalidMomentError';
  constructor(readonly value: string) {
    super(`expected a date YYYY-MM-DD or an ISO date-time, got ${JSON.stringify(value)}`);
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

// A zone's offset comes from Intl (@date-fns/tz's tzOffset formats a date each time): the status of 20,000
// people asks the same few days and instants again and again, so their answers are kept. Pure functions of
// their arguments; each cache is emptied when it reaches MEMO_SIZE.
const MEMO_SIZE = 4096;
function memo<T>(): (key: string, compute: () => T) => T {
  const cache = new Map<string, T>();
  return (key, compute) => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (cache.size >= MEMO_SIZE) cache.clear();
    cache.set(key, value);
    return value;
  };
}
const dayMemo = memo<string>();
const startMemo = memo<number>();
const endMemo = memo<number>();
const betweenMemo = memo<number>();

/**
 * The days each zone was last asked about, and the instants each spans: a DM asks today's day a few times, each at
 * another millisecond, which the memo above (keyed by the instant) never had. A few per zone: the rules' date
 * (`--on`, a bench's fixed day) and the clock's are asked in turn.
 */
const recentDays = new Map<string, { day: string; fromMs: number; toMs: number }[]>();
const RECENT_DAYS = 4;

/** The calendar day (YYYY-MM-DD) that `instant` falls on in `zone`. */
export function dayIn(instant: Date, zone: string): string {
  const t = instant.getTime();
  const recent = recentDays.get(zone);
  if (recent) for (const span of recent) if (t >= span.fromMs && t < span.toMs) return span.day;
  const day = dayAt(t, zone);
  const fromMs = startOfDayMs(day, zone);
  const toMs = endOfDayMs(day, zone);
  // Kept only where the span's ends read as that day themselves: a day whose midnight a DST change skips (some
  // zones change at 00:00) is worked out each time it is asked.
  if (dayAt(fromMs, zone) === day && dayAt(toMs - 1, zone) === day) {
    if (!recent && recentDays.size >= MEMO_SIZE) recentDays.clear();
    const spans = recent ?? [];
    spans.unshift({ day, fromMs, toMs });
    if (spans.length > RECENT_DAYS) spans.pop();
    recentDays.set(zone, spans);
  }
  return day;
}

function dayAt(t: number, zone: string): string {
  return dayMemo(`${zone} ${t}`, () => {
    const local = new TZDate(t, zone);
    return [local.getFullYear(), local.getMonth() + 1, local.getDate()]
      .map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0'))
      .join('-');
  });
}

/** startOfDayIn as epoch milliseconds, without a TZDate (whose every construction asks Intl for the offset). */
export function startOfDayMs(day: string, zone: string): number {
  return startMemo(`${zone} ${day}`, () => {
    const [year, month, date] = dateParts(day);
    return new TZDate(year, month - 1, date, zone).getTime();
  });
}

/** endOfDayIn as epoch milliseconds. */
export function endOfDayMs(day: string, zone: string): number {
  return endMemo(`${zone} ${day}`, () => addDays(new TZDate(startOfDayMs(day, zone), zone), 1).getTime());
}

/** Midnight at the start of `day` in `zone`: 23, 24 or 25 hours before the next one, depending on DST. */
export function startOfDayIn(day: string, zone: string): TZDate {
  return new TZDate(startOfDayMs(day, zone), zone);
}

/**
 * Midnight at the end of `day` in `zone`, the first instant that is no longer that day. A deadline lasts
 * until then: `addDays` on a TZDate steps one calendar day in the zone, so a DST change that day is honoured.
 */
export function endOfDayIn(day: string, zone: string): TZDate {
  return new TZDate(endOfDayMs(day, zone), zone);
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD): negative when `to` is earlier. */
export function daysBetween(from: string, to: string, zone: string): number {
  // Counted between the two midnights in the zone, so a 23-hour DST day still counts as one day.
  return betweenMemo(`${zone} ${from} ${to}`, () =>
    differenceInCalendarDays(startOfDayIn(to, zone), startOfDayIn(from, zone)),
  );
}

/**
 * The moment a person means by `--on`: a bare date is noon of that day in the cycle's time zone (well away
 * from midnight and from the 2 a.m. DST changes, so the day is never in doubt); a date-time without an
 * offset is that wall-clock time in the zone; one with `Z` or an offset is that exact instant.
 */
export function parseMoment(text: string, zone: string): Date {
  const value = text.trim();
  const date = DATE.exec(value);
  if (date) {
    if (!isCalendarDate(value)) throw new InvalidMomentError(text);
    const [year, month, day] = dateParts(value);
    return new Date(new TZDate(year, month - 1, day, 12, 0, 0, zone).getTime());
  }
  const local = LOCAL_DATE_TIME.exec(value);
  if (local) {
    const [, y, mo, d, h, mi, s, ms] = local;
    if (!isCalendarDate(`${y}-${mo}-${d}`) || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) {
      throw new InvalidMomentError(text);
    }
    const instant = new TZDate(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h),
      Number(mi),
      Number(s ?? 0),
      Number((ms ?? '0').padEnd(3, '0')),
      zone,
    );
    return new Date(instant.getTime());
  }
  if (DATE_TIME_WITH_OFFSET.test(value)) {
    const instant = new Date(value);
    if (!Number.isNaN(instant.getTime()) && isCalendarDate(value.slice(0, 10))) return instant;
  }
  throw new InvalidMomentError(text);
}

function dateParts(day: string): [number, number, number] {
  const match = DATE.exec(day);
  if (!match) throw new InvalidMomentError(day);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Rejects 2021-02-30 and the like, which Date would quietly roll over into March. */
function isCalendarDate(day: string): boolean {
  const [year, month, date] = dateParts(day);
  const probe = new Date(Date.UTC(year, month - 1, date));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === date;
}
