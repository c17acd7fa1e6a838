// How late the event loop runs: a timer every few milliseconds notes how much later than asked it fired. While
// the loop keeps up (acks, and the work already started, get their turn at once) the delay is a millisecond or
// two; when the CPU is the limit it grows to tens. The event limiter starts more work only while it stays low.

export interface LoopDelay {
  /** The latest delay in ms: the last tick's, or the time since it when the next one is overdue. */
  readonly delayMs: number;
  stop(): void;
}

export function watchLoopDelay(intervalMs = 10, now: () => number = () => performance.now()): LoopDelay {
  let last = now();
  let delay = 0;
  const timer = setInterval(() => {
    const t = now();
    delay = Math.max(0, t - last - intervalMs);
    last = t;
  }, intervalMs);
  timer.unref();
  return {
    get delayMs() {
      return Math.max(delay, now() - last - intervalMs);
    },
    stop: () => clearInterval(timer),
  };
}
