// Leases and the shared pace (migration 8): what lets several app processes on one database divide the work.
// A lease is one row per job name held by one process until it expires; the pace is the next free sending
// slot for the whole workspace. Each is decided by one statement, so two processes racing cannot both win.
import { sql } from 'kysely';
import type { Connection } from './connection.js';

export interface LeaseRepository {
  /**
   * Takes `name` for `holder` until `nowMs + ttlMs`, or renews it when `holder` has it already. True when
   * `holder` holds it now; false while another holder's lease has not expired.
   */
  acquire(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  /** Gives it up (only if `holder` has it), so another process need not wait for the expiry. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds `name` at `nowMs`, or null when nobody does. */
  holder(name: string, nowMs: number): Promise<string | null>;
}

export interface PaceRepository {
  /**
   * Reserves the next slot for one call of kind `name`, `intervalMs` after the one before it across every
   * process: resolves to when the call may start (at the earliest `nowMs`).
   */
  reserve(name: string, nowMs: number, intervalMs: number): Promise<number>;
}

export function createLeaseRepository(db: Connection): LeaseRepository {
  return {
    async acquire(name, holder, nowMs, ttlMs) {
      const result = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: nowMs + ttlMs })
        .onConflict((conflict) =>
          conflict
            .column('name')
            .doUpdateSet({ holder, expires_at: nowMs + ttlMs })
            .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', nowMs)])),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async release(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
    async holder(name, nowMs) {
      const row = await db
        .selectFrom('leases')
        .select('holder')
        .where('name', '=', name)
        .where('expires_at', '>', nowMs)
        .executeTakeFirst();
      return row?.holder ?? null;
    },
  };
}

export function createPaceRepository(db: Connection): PaceRepository {
  return {
    async reserve(name, nowMs, intervalMs) {
      const interval = Math.max(1, Math.ceil(intervalMs));
      // The new next slot is the later of (the stored one + interval) and (now + interval).
      const row = await db
        .insertInto('send_pace')
        .values({ name, next_at: Math.floor(nowMs) + interval })
        .onConflict((conflict) =>
          conflict.column('name').doUpdateSet({
            next_at: sql<number>`CASE WHEN send_pace.next_at + ${interval} > excluded.next_at
              THEN send_pace.next_at + ${interval} ELSE excluded.next_at END`,
          }),
        )
        .returning('next_at')
        .executeTakeFirstOrThrow();
      return Number(row.next_at) - interval;
    },
  };
}
