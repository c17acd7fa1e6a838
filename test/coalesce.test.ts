// coalesce (src/coalesce.ts): what callers ask in separate callbacks of one turn of the event loop goes out as one
// batch (a DM's bookkeeping under load: each request is read in its own callback), alone a call still goes at
// once, and every caller gets its own answer or the batch's failure.
import { describe, expect, it } from 'vitest';
import { coalesce } from '../src/coalesce.js';

const later = (work: () => void) => new Promise<void>((resolve) => setTimeout(() => resolve(work()), 0));

describe('coalesce', () => {
  it('goes out as one batch for calls made in separate callbacks of the same turn', async () => {
    const batches: number[][] = [];
    const double = coalesce<number, number>(async (items) => {
      batches.push([...items]);
      return items.map((n) => n * 2);
    });
    const answers: Promise<number>[] = [];
    // Two timers due together run in one timers phase, one callback each, as two requests read in one poll phase.
    await Promise.all([later(() => answers.push(double(1))), later(() => answers.push(double(2)))]);
    expect(await Promise.all(answers)).toEqual([2, 4]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('runs a lone call at once, and what arrives while a batch runs in the next one', async () => {
    const batches: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const echo = coalesce<string, string>(async (items) => {
      batches.push([...items]);
      if (batches.length === 1) await gate;
      return items;
    });
    const first = echo('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([['a']]);
    const second = echo('b');
    const third = echo('c');
    release();
    expect(await Promise.all([first, second, third])).toEqual(['a', 'b', 'c']);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('rejects every caller of a batch that failed, and the next batch still runs', async () => {
    let fail = true;
    const run = coalesce<number, number>(async (items) => {
      if (fail) throw new Error('locked');
      return items;
    });
    const failed = [run(1), run(2)].map((p) =>
      p.then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    expect(await Promise.all(failed)).toEqual(['locked', 'locked']);
    fail = false;
    expect(await run(3)).toBe(3);
  });
});
