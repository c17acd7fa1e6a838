// Slack redelivers an event it thinks went unanswered (X-Slack-Retry-Num); each event_id is handled once.
// In memory, bounded and time-limited: Slack retries within minutes, and a restart forgetting the ids only
// risks a duplicate answer for events retried across the restart.

export interface EventDeduper {
  /** True the first time an id is seen (within the TTL); false for a repeat. */
  firstTime(eventId: string): boolean;
  readonly size: number;
}

export function createEventDeduper(
  options: { max?: number; ttlMs?: number; now?: () => number } = {},
): EventDeduper {
  const max = options.max ?? 10_000;
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: the oldest entries are first, so expiry and eviction walk from the front.
  const seen = new Map<string, number>();
  const prune = (t: number) => {
    for (const [id, at] of seen) {
      if (t - at < ttlMs && seen.size <= max) break;
      seen.delete(id);
    }
  };
  return {
    firstTime(eventId) {
      const t = now();
      prune(t);
      const at = seen.get(eventId);
      if (at !== undefined && t - at < ttlMs) return false;
      seen.set(eventId, t);
      if (seen.size > max) prune(t);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
