// The retention period is enforced at start-up and then once a day.
import { describe, expect, it } from 'vitest';
import { DAY_MS, startRetention, type Timers } from '../../src/misses/index.js';

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

/** A purge's outcome is reported once its promise settles. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('startRetention', () => {
  it('purges at once, then every day until stopped', async () => {
    const { timers, scheduled } = fakeTimers();
    let purges = 0;
    const purged: number[] = [];
    const retention = startRetention({ purge: () => ++purges, timers, onPurged: (n) => purged.push(n) });
    expect(purges).toBe(1);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.ms).toBe(DAY_MS);
    scheduled[0]?.run();
    await settled();
    expect(purged).toEqual([1, 2]);
    retention.stop();
    expect(scheduled[0]?.cleared).toBe(true);
  });

  it('reports a failed purge without throwing', async () => {
    const { timers } = fakeTimers();
    const errors: unknown[] = [];
    startRetention({
      purge: () => {
        throw new Error('database is locked');
      },
      timers,
      onError: (e) => errors.push(e),
    });
    await settled();
    expect(errors).toHaveLength(1);
  });
});
