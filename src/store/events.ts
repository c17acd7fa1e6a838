// The event ids already handled (migration 6): only the id and when it was first seen, never the event.
import type { Db } from './db.js';

export interface EventIdsRepository {
  /**
   * True the first time an id is claimed within `ttlMs` (then it is recorded), false after: one statement
   * decides, so two processes racing on one id cannot both see it first.
   */
  claim(eventId: string, nowMs: number, ttlMs: number): boolean;
  /** Deletes ids first seen at or before `beforeMs`; returns how many went. */
  prune(beforeMs: number): number;
  count(): number;
}

export function createEventIdsRepository(db: Db): EventIdsRepository {
  // A new id is inserted, an expired one refreshed, a recent one left alone (no change).
  const claim = db.prepare<[string, number, number]>(
    `INSERT INTO slack_event_ids (event_id, seen_at) VALUES (?, ?)
     ON CONFLICT (event_id) DO UPDATE SET seen_at = excluded.seen_at
     WHERE slack_event_ids.seen_at <= excluded.seen_at - ?`,
  );
  const prune = db.prepare<[number]>('DELETE FROM slack_event_ids WHERE seen_at <= ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM slack_event_ids');
  return {
    claim: (eventId, nowMs, ttlMs) => claim.run(eventId, nowMs, ttlMs).changes === 1,
    prune: (beforeMs) => prune.run(beforeMs).changes,
    count: () => count.get()?.n ?? 0,
  };
}
