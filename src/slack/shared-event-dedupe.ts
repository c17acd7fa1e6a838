// The event_ids already handled, kept in the database so that every app process on it sees them: Slack
// spreads Socket Mode envelopes over all of an app's connections (and a load balancer spreads HTTP retries),
// so a redelivery may reach another process than the first delivery. Only the id and the time are kept, for
// an hour (store/events.ts).
import { coalesce } from '../coalesce.js';
import type { EventIdsRepository } from '../store/index.js';
import type { EventDeduper } from './event-dedupe.js';

const DEFAULT_TTL_MS = 60 * 60 * 1000;
/** Expired ids are deleted at most this often, when an event arrives: the table holds about an hour's ids. */
const PRUNE_INTERVAL_MS = 60 * 1000;

/** Like EventDeduper, but asking the database: every answer is a promise. */
export interface SharedEventDeduper {
  /** True the first time an id is seen by any process on the database (within the TTL); false for a repeat. */
  firstTime(eventId: string): Promise<boolean>;
  size(): Promise<number>;
}

export function createSharedEventDeduper(
  events: EventIdsRepository,
  options: { ttlMs?: number; now?: () => number } = {},
): SharedEventDeduper {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  let prunedAt = Number.NEGATIVE_INFINITY;
  // The ids that arrive while a batch is being claimed are claimed together next: one statement for many events.
  const claim = coalesce<string, boolean>(async (ids) => {
    const t = now();
    if (t - prunedAt >= PRUNE_INTERVAL_MS) {
      prunedAt = t;
      await events.prune(t - ttlMs);
    }
    const claimed = await events.claimAll(ids, t, ttlMs);
    // An id twice in one batch (a redelivery racing its first delivery): the first one is the first time.
    return ids.map((id) => claimed.delete(id));
  });
  return {
    firstTime: claim,
    size: () => events.count(),
  };
}

/** A process's memory as a SharedEventDeduper: the default with one process and no database to share. */
export function inMemory(deduper: EventDeduper): SharedEventDeduper {
  return {
    firstTime: async (eventId) => deduper.firstTime(eventId),
    size: async () => deduper.size,
  };
}
