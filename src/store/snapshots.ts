// Progress over time: snapshots of the completion counts per cycle, training group and department (migration
// 6). Counts only: no name, no email, no person id is ever written here, so the history can be kept as long
// as anyone wants it.
import type { Db } from './db.js';

/** Why a snapshot was taken: after a completions import, by the daily job, or rebuilt for a missed day. */
export type SnapshotReason = 'import' | 'daily' | 'reconstructed';

export interface SnapshotCount {
  /** null for required people whose group cannot be told. */
  groupId: string | null;
  department: string;
  required: number;
  completed: number;
  overdue: number;
}

export interface NewSnapshot {
  cycle: string;
  /** YYYY-MM-DD in the cycle's time zone: the day the counts are for. */
  day: string;
  reason: SnapshotReason;
  counts: readonly SnapshotCount[];
}

export interface Snapshot extends NewSnapshot {
  id: number;
  /** When it was written (ISO instant). */
  takenAt: string;
  counts: SnapshotCount[];
}

export interface SnapshotQuery {
  /** Only these departments' counts (a department admin's scope); every department when absent. */
  departments?: readonly string[];
  /** Only days on or before this one. */
  until?: string;
}

export interface SnapshotRepository {
  /** Writes the snapshots in one transaction; returns their ids. */
  record(snapshots: readonly NewSnapshot[]): number[];
  /** The last snapshot of each day of the cycle, oldest day first. */
  daily(cycle: string, query?: SnapshotQuery): Snapshot[];
  /** The latest day with a snapshot of the cycle, or null. */
  lastDay(cycle: string): string | null;
  /** Whether a snapshot of this reason exists for the day (the daily job takes one a day). */
  has(cycle: string, day: string, reason: SnapshotReason): boolean;
}

interface SnapshotRow {
  id: number;
  cycle: string;
  day: string;
  taken_at: string;
  reason: SnapshotReason;
}

interface CountRow {
  snapshot_id: number;
  group_id: string;
  department: string;
  required: number;
  completed: number;
  overdue: number;
}

export function createSnapshotRepository(db: Db, now: () => Date): SnapshotRepository {
  const insertSnapshot = db.prepare<Record<string, string>, { id: number }>(
    'INSERT INTO snapshots (cycle, day, taken_at, reason) VALUES (@cycle, @day, @takenAt, @reason) RETURNING id',
  );
  const insertCount = db.prepare(
    `INSERT INTO snapshot_counts (snapshot_id, group_id, department, required, completed, overdue)
     VALUES (@snapshotId, @groupId, @department, @required, @completed, @overdue)`,
  );
  // The last snapshot of each day: the highest id among that day's.
  const dailyRows = db.prepare<{ cycle: string; until: string | null }, SnapshotRow>(
    `SELECT s.* FROM snapshots s
     WHERE s.cycle = @cycle AND (CAST(@until AS TEXT) IS NULL OR s.day <= @until)
       AND s.id = (SELECT max(t.id) FROM snapshots t WHERE t.cycle = s.cycle AND t.day = s.day)
     ORDER BY s.day`,
  );
  const countsOf = db.prepare<{ cycle: string; until: string | null }, CountRow>(
    `SELECT c.* FROM snapshot_counts c JOIN snapshots s ON s.id = c.snapshot_id
     WHERE s.cycle = @cycle AND (CAST(@until AS TEXT) IS NULL OR s.day <= @until)
       AND s.id = (SELECT max(t.id) FROM snapshots t WHERE t.cycle = s.cycle AND t.day = s.day)
     ORDER BY c.snapshot_id, c.group_id, c.department`,
  );
  const lastDay = db.prepare<{ cycle: string }, { day: string | null }>(
    'SELECT max(day) AS day FROM snapshots WHERE cycle = @cycle',
  );
  const has = db.prepare<{ cycle: string; day: string; reason: string }, { n: number }>(
    'SELECT count(*) AS n FROM snapshots WHERE cycle = @cycle AND day = @day AND reason = @reason',
  );
  const recordAll = db.transaction((snapshots: readonly NewSnapshot[]): number[] => {
    const takenAt = now().toISOString();
    return snapshots.map((s) => {
      const snapshotId = (
        insertSnapshot.get({ cycle: s.cycle, day: s.day, takenAt, reason: s.reason }) as { id: number }
      ).id;
      for (const c of s.counts)
        insertCount.run({
          snapshotId,
          groupId: c.groupId ?? '',
          department: c.department,
          required: c.required,
          completed: c.completed,
          overdue: c.overdue,
        });
      return snapshotId;
    });
  });

  return {
    record: (snapshots) => recordAll.immediate(snapshots),
    daily(cycle, query = {}) {
      const params = { cycle, until: query.until ?? null };
      const wanted = query.departments ? new Set(query.departments) : null;
      const counts = new Map<number, SnapshotCount[]>();
      for (const row of countsOf.all(params)) {
        if (wanted && !wanted.has(row.department)) continue;
        const list = counts.get(row.snapshot_id) ?? [];
        list.push({
          groupId: row.group_id === '' ? null : row.group_id,
          department: row.department,
          required: row.required,
          completed: row.completed,
          overdue: row.overdue,
        });
        counts.set(row.snapshot_id, list);
      }
      return dailyRows.all(params).map((row) => ({
        id: row.id,
        cycle: row.cycle,
        day: row.day,
        takenAt: row.taken_at,
        reason: row.reason,
        counts: counts.get(row.id) ?? [],
      }));
    },
    lastDay: (cycle) => lastDay.get({ cycle })?.day ?? null,
    has: (cycle, day, reason) => (has.get({ cycle, day, reason })?.n ?? 0) > 0,
  };
}
