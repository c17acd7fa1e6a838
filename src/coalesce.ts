// One statement for many callers: what is asked while a batch is being written waits for it and goes out as the
// next batch, together. Alone, a call starts at once (in this turn of the event loop's check phase, after the I/O
// it is polling for); under load, a DM's bookkeeping (its event id, its count, the privacy-notice flag) costs one
// statement per batch instead of one per DM. Not on the next microtask: a request's work up to its first await
// on I/O runs in microtasks before the next request is read, and SQLite's statements run synchronously, so a
// batch begun on a microtask held one DM's item and never more (2,100 statements each for 2,100 DMs in
// `bench:slack`); begun after the poll phase, it holds what every request read in that phase asked for.

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
      if (!running && waiting.length === 1) setImmediate(() => void next());
    });
}
