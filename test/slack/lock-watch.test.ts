// /healthz and SQLite's write lock: only a lock held past the app's own wait makes the database unhealthy.
import { describe, expect, it } from 'vitest';
import { lockWatch } from '../../src/service.js';

describe('lockWatch', () => {
  it('stays healthy through a short lock, reports a long one, and clears when the lock is gone', () => {
    let now = 0;
    const watch = lockWatch(5000, () => now);
    expect(watch.check(true)).toEqual({ ok: true });
    expect(watch.check(false)).toEqual({ ok: true });
    now = 4999;
    expect(watch.check(false)).toEqual({ ok: true });
    now = 7000;
    expect(watch.check(false)).toEqual({
      ok: false,
      error: 'locked: another process has held the write lock for 7 s',
    });
    expect(watch.check(true)).toEqual({ ok: true });
    now = 20_000;
    expect(watch.check(false)).toEqual({ ok: true });
  });
});
