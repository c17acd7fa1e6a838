// The event_ids already handled, kept in the SQLite file so that every app process on that file sees them:
// Slack spreads Socket Mode envelopes over all of an app's connections (and a load balancer spreads HTTP
// retries), so a redelivery may reach another process than the first delivery. Only the id and the time are
// kept, for an hour. The table is created here because the store's interface has no place for it yet.
import { openDatabase } from '../store/db.js';
import type { EventDeduper } from './event-dedupe.js';

export interface SharedEventDeduper extends EventDeduper {
  close(): void;
}

const DEFAULT_TTL_MS = 60 * 60 * 1000;
/** Expired ids are deleted at most this often, when an event arrives: the table holds about an hour's ids. */
const PRUNE_INTERVAL_MS = 60 * 1000;

export function createSharedEventDeduper(
  path: string,
  options: { ttlMs?: number; now?: () => number } = {},
): SharedEventDeduper {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  const db = openDatabase(path);
  db.exec(
    'CREATE TABLE IF NOT EXISTS slack_event_ids (event_id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID',
  );
  // One statement decides, so two processes racing on one id cannot both see it first: a new id is inserted,
  // an expired one refreshed, a recent one left alone (no change).
  const claim = db.prepare<[string, number, number]>(
    `INSERT INTO slack_event_ids (event_id, seen_at) VALUES (?, ?)
     ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at
     WHERE slack_event_ids.seen_at <= excluded.seen_at - ?`,
  );
  const prune = db.prepare<[number]>('DELETE FROM slack_event_ids WHERE seen_at <= ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM slack_event_ids');
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    firstTime(eventId) {
      const t = now();
      if (t - prunedAt >= PRUNE_INTERVAL_MS) {
        prune.run(t - ttlMs);
        prunedAt = t;
      }
      return claim.run(eventId, t, ttlMs).changes === 1;
    },
    get size() {
      return count.get()?.n ?? 0;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
