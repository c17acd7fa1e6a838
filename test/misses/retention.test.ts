// The retention period is enforced at start-up and then once a day.
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  RetentionConfigError,
  retentionDaysFromEnv,
  startRetention,
  type Timers,
} from '../../src/misses/index.js';

function fakeTimers() {
  const scheduled: { run: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    setInterval(run, ms) {
      const t = { run, ms, cleared: false };
      scheduled.push(t);
      return t;
    },
    clearInterval(handle) {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  return { timers, scheduled };
}

describe('startRetention', () => {
  it('purges at once, then every day until stopped', () => {
    const { timers, scheduled } = fakeTimers();
    let purges = 0;
    const purged: number[] = [];
    const retention = startRetention({ purge: () => ++purges, timers, onPurged: (n) => purged.push(n) });
    expect(purges).toBe(1);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.ms).toBe(DAY_MS);
    scheduled[0]?.run();
    expect(purged).toEqual([1, 2]);
    retention.stop();
    expect(scheduled[0]?.cleared).toBe(true);
  });

  it('reports a failed purge without throwing', () => {
    const { timers } = fakeTimers();
    const errors: unknown[] = [];
    startRetention({
      purge: () => {
        throw new Error('database is locked');
      },
      timers,
      onError: (e) => errors.push(e),
    });
    expect(errors).toHaveLength(1);
  });
});

describe('retentionDaysFromEnv', () => {
  it.each([
    [{}, 30],
    [{ MISSES_RETENTION_DAYS: '' }, 30],
    [{ MISSES_RETENTION_DAYS: '7' }, 7],
  ])('%j gives %i', (env, days) => {
    expect(retentionDaysFromEnv(env, 30)).toBe(days);
  });

  it.each(['0', 'thirty', '-3', '5000'])('refuses %j, quoting it', (value) => {
    expect(() => retentionDaysFromEnv({ MISSES_RETENTION_DAYS: value }, 30)).toThrow(RetentionConfigError);
    expect(() => retentionDaysFromEnv({ MISSES_RETENTION_DAYS: value }, 30)).toThrow(JSON.stringify(value));
  });
});
