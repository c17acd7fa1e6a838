// The event ids already handled (migration 6): only the id and when it was first seen, never the event.
import type { Connection } from './connection.js';

export interface EventIdsRepository {
  /**
   * True the first time an id is claimed within `ttlMs` (then it is recorded), false after: one statement
   * decides, so two processes racing on one id cannot both see it first.
   */
  claim(eventId: string, nowMs: number, ttlMs: number): Promise<boolean>;
  /** Deletes ids first seen at or before `beforeMs`; returns how many went. */
  prune(beforeMs: number): Promise<number>;
  count(): Promise<number>;
}

export function createEventIdsRepository(db: Connection): EventIdsRepository {
  return {
    async claim(eventId, nowMs, ttlMs) {
      // A new id is inserted, an expired one refreshed, a recent one left alone (no change).
      const result = await db
        .insertInto('slack_event_ids')
        .values({ event_id: eventId, seen_at: nowMs })
        .onConflict((conflict) =>
          conflict
            .column('event_id')
            .doUpdateSet({ seen_at: nowMs })
            .where('slack_event_ids.seen_at', '<=', nowMs - ttlMs),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
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
}
