// At most N pieces of work at once; the rest wait their turn in order. Used for event work after the ack, so a
// burst of events queues cheaply instead of crowding the event loop and delaying the acks of new requests.
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
}

export function createLimiter(concurrency: number, options: LimiterOptions = {}): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(
      `concurrency must be a whole number of at least 1, got ${JSON.stringify(concurrency)}`,
    );
  }
  const { holdLimitMs, onOverrun } = options;
  let active = 0;
  let overrun = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active -= 1;
    const next = queue.shift();
    if (next) {
      active += 1;
      next();
    }
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
      if (active < concurrency) active += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
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
