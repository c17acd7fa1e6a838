// The previous question of each asker, in memory only and for minutes, so a short follow-up ("and if i'm
// on leave?") can be read with it. Keyed by an opaque asker key; never written anywhere.

export interface Previous {
  question: string;
  faqId: string | null;
}

export interface FollowUpMemory {
  remember(asker: string, previous: Previous): void;
  /** The asker's previous question while it is fresh, else undefined. */
  recall(asker: string): Previous | undefined;
  forget(asker: string): void;
  readonly size: number;
}

export function createFollowUpMemory(options: {
  /** How long a question is kept, in milliseconds (minutes, not longer). */
  ttlMs: number;
  /** At most this many askers are remembered; the oldest are dropped first. */
  max: number;
  now?: () => number;
}): FollowUpMemory {
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: re-inserting on remember makes the first key the oldest.
  const kept = new Map<string, { previous: Previous; at: number }>();
  const fresh = (at: number) => now() - at < options.ttlMs;
  return {
    remember(asker, previous) {
      kept.delete(asker);
      kept.set(asker, { previous: { ...previous }, at: now() });
      for (const [key, { at }] of kept) if (!fresh(at)) kept.delete(key);
      while (kept.size > options.max) {
        const oldest = kept.keys().next().value;
        if (oldest === undefined) break;
        kept.delete(oldest);
      }
    },
    recall(asker) {
      const found = kept.get(asker);
      if (!found) return undefined;
      if (!fresh(found.at)) {
        kept.delete(asker);
        return undefined;
      }
      return { ...found.previous };
    },
    forget: (asker) => void kept.delete(asker),
    get size() {
      return kept.size;
    },
  };
}
