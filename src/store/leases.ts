// Leases and the shared pace (migration 8): what lets several app processes on one database divide the work.
// A lease is one row per job name held by one process until it expires; the pace is the next free sending
// slot for the whole workspace. Each is decided by one statement, so two processes racing cannot both win.
import type { Db } from './db.js';

export interface LeaseRepository {
  /**
   * Takes `name` for `holder` until `nowMs + ttlMs`, or renews it when `holder` has it already. True when
   * `holder` holds it now; false while another holder's lease has not expired.
   */
  acquire(name: string, holder: string, nowMs: number, ttlMs: number): boolean;
  /** Gives it up (only if `holder` has it), so another process need not wait for the expiry. */
  release(name: string, holder: string): void;
  /** Who holds `name` at `nowMs`, or null when nobody does. */
  holder(name: string, nowMs: number): string | null;
}

export interface PaceRepository {
  /**
   * Reserves the next slot for one call of kind `name`, `intervalMs` after the one before it across every
   * process: returns when the call may start (at the earliest `nowMs`).
   */
  reserve(name: string, nowMs: number, intervalMs: number): number;
}

export function createLeaseRepository(db: Db): LeaseRepository {
  const acquire = db.prepare<{ name: string; holder: string; now: number; until: number }>(
    `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @until)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
  );
  const release = db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND holder = ?');
  const holder = db.prepare<[string, number], { holder: string }>(
    'SELECT holder FROM leases WHERE name = ? AND expires_at > ?',
  );
  return {
    acquire: (name, who, nowMs, ttlMs) =>
      acquire.run({ name, holder: who, now: nowMs, until: nowMs + ttlMs }).changes === 1,
    release(name, who) {
      release.run(name, who);
    },
    holder: (name, nowMs) => holder.get(name, nowMs)?.holder ?? null,
  };
}

export function createPaceRepository(db: Db): PaceRepository {
  // The new next slot is the later of (the stored one + interval) and (now + interval).
  const reserve = db.prepare<{ name: string; now: number; interval: number }, { next_at: number }>(
    `INSERT INTO send_pace (name, next_at) VALUES (@name, CAST(@now AS BIGINT) + CAST(@interval AS BIGINT))
     ON CONFLICT (name) DO UPDATE SET next_at = CASE
       WHEN send_pace.next_at + CAST(@interval AS BIGINT) > excluded.next_at
       THEN send_pace.next_at + CAST(@interval AS BIGINT) ELSE excluded.next_at END
     RETURNING next_at`,
  );
  return {
    reserve(name, nowMs, intervalMs) {
      const interval = Math.max(1, Math.ceil(intervalMs));
      const row = reserve.get({ name, now: Math.floor(nowMs), interval }) as { next_at: number };
      return Number(row.next_at) - interval;
    },
  };
}
