// One statement for many callers: what is asked while a batch is being written waits for it and goes out as the
// next batch, together. Alone, a call starts at once (on the next microtask, so calls made in the same turn go
// together); under load, a DM's bookkeeping (its event id, its count, the privacy-notice flag) costs one
// statement per batch instead of one per DM.

/** Runs one batch: an answer per item, in the items' order. */
export type BatchRunner<T, R> = (items: readonly T[]) => Promise<readonly R[]>;

export function coalesce<T, R>(runBatch: BatchRunner<T, R>): (item: T) => Promise<R> {
  let waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const next = async () => {
    const batch = waiting;
    waiting = [];
    running = true;
    try {
      const answers = await runBatch(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        w.resolve(answers[i] as R);
      });
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      running = false;
      if (waiting.length > 0) void next();
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running && waiting.length === 1) queueMicrotask(() => void next());
    });
}
