// The in-memory event_id memory and the event work limiter the app is built on.
import { describe, expect, it } from 'vitest';
import { createEventDeduper } from '../../src/slack/event-dedupe.js';
import { createLimiter } from '../../src/slack/limiter.js';

describe('createEventDeduper', () => {
  it('says first time once per id, again after the TTL, and forgets the oldest past its size', () => {
    let t = 0;
    const seen = createEventDeduper({ max: 3, ttlMs: 1000, now: () => t });
    expect(['E1', 'E1', 'E2', 'E1'].map((id) => seen.firstTime(id))).toEqual([true, false, true, false]);
    t = 1000;
    expect(seen.firstTime('E1')).toBe(true);
    for (const id of ['E3', 'E4', 'E5']) seen.firstTime(id);
    expect(seen.size).toBeLessThanOrEqual(3);
    expect(seen.firstTime('E5')).toBe(false);
  });
});

describe('createLimiter', () => {
  it('runs at most N at once and the rest in order', async () => {
    const limiter = createLimiter(2);
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const task = (name: string) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(name);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
      });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map(task));
    expect(peak).toBe(2);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it('keeps going after a task fails', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  it('gives the slot of work that hangs back after the hold limit, and says so', async () => {
    const overruns: number[] = [];
    const limiter = createLimiter(1, { holdLimitMs: 50, onOverrun: (ms) => overruns.push(ms) });
    let finishHung: () => void = () => {};
    const hung = limiter.run(() => new Promise<void>((r) => (finishHung = r)));
    const started = Date.now();
    expect(await limiter.run(async () => 'next')).toBe('next');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(overruns).toEqual([50]);
    expect([limiter.active, limiter.overrun]).toEqual([0, 1]);
    finishHung();
    await hung;
    // The hung work finishing late does not free a slot twice.
    expect([limiter.active, limiter.overrun]).toEqual([0, 0]);
    const both = await Promise.all([limiter.run(async () => 1), limiter.run(async () => 2)]);
    expect(both).toEqual([1, 2]);
  });

  it('runs more, up to max, while the process has time to spare; in order, and never more than max', async () => {
    let spare = true;
    const limiter = createLimiter(2, { max: 4, spare: () => spare });
    const finish: (() => void)[] = [];
    const started: number[] = [];
    const task = (i: number) =>
      limiter.run(
        () =>
          new Promise<void>((r) => {
            started.push(i);
            finish.push(r);
          }),
      );
    const all = [0, 1, 2, 3, 4, 5].map(task);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2, 3]);
    expect([limiter.active, limiter.waiting]).toEqual([4, 2]);
    // Busy: a freed slot above the floor is not taken again…
    spare = false;
    finish.shift()?.();
    finish.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1, 2, 3]);
    // …until there is time to spare again, without waiting for another slot to free.
    spare = true;
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    for (const f of finish) f();
    await Promise.all(all);
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it('keeps to the floor when busy: a freed slot below it is taken at once', async () => {
    const limiter = createLimiter(1, { max: 8, spare: () => false });
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2].map((i) =>
        limiter.run(async () => {
          order.push(i);
          expect(limiter.active).toBe(1);
          await new Promise((r) => setTimeout(r, 2));
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2]);
  });

  it.each([0, 1.5, Number.NaN])('refuses a concurrency of %s', (n) => {
    expect(() => createLimiter(n)).toThrow(`got ${JSON.stringify(n)}`);
  });
});
