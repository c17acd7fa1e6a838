// The event ids already handled (migration 6): only the id and when it was first seen, never the event.
import type { Connection } from './connection.js';

export interface EventIdsRepository {
  /**
   * True the first time an id is claimed within `ttlMs` (then it is recorded), false after: one statement
   * decides, so two processes racing on one id cannot both see it first.
   */
  claim(eventId: string, nowMs: number, ttlMs: number): Promise<boolean>;
  /** claim for several ids in one statement: the ids claimed now (an id given twice is claimed once). */
  claimAll(eventIds: readonly string[], nowMs: number, ttlMs: number): Promise<Set<string>>;
  /** Deletes ids first seen at or before `beforeMs`; returns how many went. */
  prune(beforeMs: number): Promise<number>;
  count(): Promise<number>;
}

export function createEventIdsRepository(db: Connection): EventIdsRepository {
  const repository: EventIdsRepository = {
    async claim(eventId, nowMs, ttlMs) {
      return (await repository.claimAll([eventId], nowMs, ttlMs)).has(eventId);
    },
    async claimAll(eventIds, nowMs, ttlMs) {
      // A statement may not touch one row twice (PostgreSQL refuses it): each id once.
      const ids = [...new Set(eventIds)];
      if (ids.length === 0) return new Set();
      // A new id is inserted, an expired one refreshed, a recent one left alone (no change, not returned).
      const rows = await db
        .insertInto('slack_event_ids')
        .values(ids.map((id) => ({ event_id: id, seen_at: nowMs })))
        .onConflict((conflict) =>
          conflict
            .column('event_id')
            .doUpdateSet({ seen_at: nowMs })
            .where('slack_event_ids.seen_at', '<=', nowMs - ttlMs),
        )
        .returning('event_id')
        .execute();
      return new Set(rows.map((r) => r.event_id));
    },
    async prune(beforeMs) {
      const result = await db
        .deleteFrom('slack_event_ids')
        .where('seen_at', '<=', beforeMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async count() {
      const row = await db
        .selectFrom('slack_event_ids')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
  return repository;
}
