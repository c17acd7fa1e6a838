// At most N pieces of work at once; the rest wait their turn in order. Used for event work after the ack, so a
// burst of events queues cheaply instead of crowding the event loop and delaying the acks of new requests.
// While the process has time to spare (`spare`: its event loop keeps up), more may run, up to `max`: work that
// waits on Slack costs no CPU, and with a fixed N each reply waited for N others' Slack round trips (16 slots and
// two calls of ~150 ms each let through about 50 events a second, a sixth of what the CPU can answer).
// A piece of work that holds its slot longer than `holdLimitMs` (a Slack call that hangs) gives the slot back:
// it runs on, but no longer keeps the next event waiting.

export interface Limiter {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
  /** Work still running after its slot was given back. */
  readonly overrun: number;
}

export interface LimiterOptions {
  /** How long one piece of work may hold a slot; default: for ever. */
  holdLimitMs?: number;
  /** Told when a piece of work passes the hold limit. */
  onOverrun?: (heldMs: number) => void;
  /** Beyond `concurrency`, work starts while `spare()` says so, up to this many at once; default `concurrency`. */
  max?: number;
  /** Whether the process has time for more work now (src/slack/loop-delay.ts). */
  spare?: () => boolean;
}

/** While work waits only for time to spare, `spare()` is asked again this often. */
export const SPARE_RECHECK_MS = 10;

export function createLimiter(concurrency: number, options: LimiterOptions = {}): Limiter {
  for (const [name, n] of [
    ['concurrency', concurrency],
    ['max', options.max ?? concurrency],
  ] as const) {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`${name} must be a whole number of at least 1, got ${JSON.stringify(n)}`);
  }
  const { holdLimitMs, onOverrun, spare } = options;
  const max = Math.max(concurrency, options.max ?? concurrency);
  let active = 0;
  let overrun = 0;
  const queue: (() => void)[] = [];
  let recheck: NodeJS.Timeout | undefined;
  const canStart = () => active < concurrency || (active < max && spare?.() === true);
  const startWaiting = () => {
    while (queue.length > 0 && canStart()) {
      active += 1;
      queue.shift()?.();
    }
    // Only time to spare is missing: ask again shortly rather than wait for a slot to free.
    if (queue.length > 0 && active < max && spare && recheck === undefined) {
      recheck = setTimeout(() => {
        recheck = undefined;
        startWaiting();
      }, SPARE_RECHECK_MS);
      recheck.unref();
    }
  };
  const release = () => {
    active -= 1;
    startWaiting();
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    get overrun() {
      return overrun;
    },
    async run(work) {
      if (queue.length === 0 && canStart()) active += 1;
      else
        await new Promise<void>((resolve) => {
          queue.push(resolve);
          startWaiting();
        });
      let released = false;
      const timer =
        holdLimitMs === undefined
          ? undefined
          : setTimeout(() => {
              released = true;
              overrun += 1;
              release();
              onOverrun?.(holdLimitMs);
            }, holdLimitMs);
      timer?.unref();
      try {
        return await work();
      } finally {
        clearTimeout(timer);
        if (released) overrun -= 1;
        else release();
      }
    },
  };
}
