// Enforces the retention period: once at start-up, then every day, for as long as the app runs.
import { DAY_MS, dayIn } from '../rules/index.js';
import type { MissesRepository } from '../store/index.js';

export { DAY_MS };

export interface Timers {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const nodeTimers: Timers = {
  setInterval(run, ms) {
    const handle = setInterval(run, ms);
    // The daily purge alone must not keep the process alive at shutdown.
    handle.unref();
    return handle;
  },
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

export interface RetentionDeps {
  /** Deletes what is past the period; returns how many rows went. */
  purge(): number | Promise<number>;
  everyMs?: number;
  timers?: Timers;
  /** Told how many went (a count, never what they said) or why it failed. */
  onPurged?: (removed: number) => void;
  onError?: (error: unknown) => void;
}

export interface Retention {
  stop(): void;
}

export function startRetention(deps: RetentionDeps): Retention {
  const timers = deps.timers ?? nodeTimers;
  const run = async () => {
    try {
      const removed = await deps.purge();
      deps.onPurged?.(removed);
    } catch (error) {
      deps.onError?.(error);
    }
  };
  void run();
  const handle = timers.setInterval(() => void run(), deps.everyMs ?? DAY_MS);
  return { stop: () => timers.clearInterval(handle) };
}

/** The day `days` calendar days before `day` (YYYY-MM-DD), independent of any zone. */
export function daysBefore(day: string, days: number): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - days * DAY_MS).toISOString().slice(0, 10);
}

export interface RetentionPolicy {
  /** MISSES_RETENTION_DAYS: a miss is kept this many days, then deleted. */
  retentionDays: number;
  /** Days are counted in this zone (the cycle's). */
  timeZone: string;
  now: () => Date;
}

/** The last day whose misses are past the retention period: everything dated on or before it goes. */
export function lastExpiredDay(policy: RetentionPolicy): string {
  const { retentionDays } = policy;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new RangeError(
      `The retention period must be a whole number of days, at least 1 (got ${retentionDays}).`,
    );
  }
  return daysBefore(dayIn(policy.now(), policy.timeZone), retentionDays);
}

/** Deletes the misses past the retention period; returns how many went. */
export function purgeExpiredMisses(
  misses: Pick<MissesRepository, 'purgeMissesUpTo'>,
  policy: RetentionPolicy,
): Promise<number> {
  return misses.purgeMissesUpTo(lastExpiredDay(policy));
}
