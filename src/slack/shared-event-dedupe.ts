// The event_ids already handled, kept in the database so that every app process on it sees them: Slack
// spreads Socket Mode envelopes over all of an app's connections (and a load balancer spreads HTTP retries),
// so a redelivery may reach another process than the first delivery. Only the id and the time are kept, for
// an hour (store/events.ts).
import type { EventIdsRepository } from '../store/index.js';
import type { EventDeduper } from './event-dedupe.js';

const DEFAULT_TTL_MS = 60 * 60 * 1000;
/** Expired ids are deleted at most this often, when an event arrives: the table holds about an hour's ids. */
const PRUNE_INTERVAL_MS = 60 * 1000;

export function createSharedEventDeduper(
  events: EventIdsRepository,
  options: { ttlMs?: number; now?: () => number } = {},
): EventDeduper {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    firstTime(eventId) {
      const t = now();
      if (t - prunedAt >= PRUNE_INTERVAL_MS) {
        events.prune(t - ttlMs);
        prunedAt = t;
      }
      return events.claim(eventId, t, ttlMs);
    },
    get size() {
      return events.count();
    },
  };
}
