// Progress over time: snapshots of the completion counts per cycle, training group and department (migration
// 6). Counts only: no name, no email, no person id is ever written here, so the history can be kept as long
// as anyone wants it.
import type { Selectable } from 'kysely';
import type { StoreConnection } from './connection.js';
import type { Schema } from './schema.js';

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
  record(snapshots: readonly NewSnapshot[]): Promise<number[]>;
  /** The last snapshot of each day of the cycle, oldest day first. */
  daily(cycle: string, query?: SnapshotQuery): Promise<Snapshot[]>;
  /** The latest day with a snapshot of the cycle, or null. */
  lastDay(cycle: string): Promise<string | null>;
  /** Whether a snapshot of this reason exists for the day (the daily job takes one a day). */
  has(cycle: string, day: string, reason: SnapshotReason): Promise<boolean>;
}

type SnapshotRow = Selectable<Schema['snapshots']>;
type CountRow = Selectable<Schema['snapshot_counts']>;

const INSERT_CHUNK = 500;

export function createSnapshotRepository(connection: StoreConnection, now: () => Date): SnapshotRepository {
  const { db } = connection;
  // The last snapshot of each day of the cycle (the highest id among that day's), on or before `until`.
  const lastOfEachDay = (cycle: string, until: string | null) =>
    db
      .selectFrom('snapshots as s')
      .where('s.cycle', '=', cycle)
      .$if(until !== null, (q) => q.where('s.day', '<=', until as string))
      .where('s.id', '=', (eb) =>
        eb
          .selectFrom('snapshots as t')
          .select((t) => t.fn.max('t.id').as('id'))
          .whereRef('t.cycle', '=', 's.cycle')
          .whereRef('t.day', '=', 's.day'),
      );

  return {
    record(snapshots) {
      return connection.writing(async (trx) => {
        const takenAt = now().toISOString();
        const ids: number[] = [];
        for (const s of snapshots) {
          const { id } = await trx
            .insertInto('snapshots')
            .values({ cycle: s.cycle, day: s.day, taken_at: takenAt, reason: s.reason })
            .returning('id')
            .executeTakeFirstOrThrow();
          const rows = s.counts.map((c) => ({
            snapshot_id: id,
            group_id: c.groupId ?? '',
            department: c.department,
            required: c.required,
            completed: c.completed,
            overdue: c.overdue,
          }));
          for (let i = 0; i < rows.length; i += INSERT_CHUNK)
            await trx
              .insertInto('snapshot_counts')
              .values(rows.slice(i, i + INSERT_CHUNK))
              .execute();
          ids.push(id);
        }
        return ids;
      });
    },
    async daily(cycle, query = {}) {
      const until = query.until ?? null;
      const wanted = query.departments ? new Set(query.departments) : null;
      const countRows: CountRow[] = await db
        .selectFrom('snapshot_counts as c')
        .selectAll('c')
        .where('c.snapshot_id', 'in', lastOfEachDay(cycle, until).select('s.id'))
        .orderBy('c.snapshot_id')
        .orderBy('c.group_id')
        .orderBy('c.department')
        .execute();
      const counts = new Map<number, SnapshotCount[]>();
      for (const row of countRows) {
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
      const days: SnapshotRow[] = await lastOfEachDay(cycle, until).selectAll('s').orderBy('s.day').execute();
      return days.map((row) => ({
        id: row.id,
        cycle: row.cycle,
        day: row.day,
        takenAt: row.taken_at,
        reason: row.reason,
        counts: counts.get(row.id) ?? [],
      }));
    },
    async lastDay(cycle) {
      const row = await db
        .selectFrom('snapshots')
        .select((eb) => eb.fn.max('day').as('day'))
        .where('cycle', '=', cycle)
        .executeTakeFirst();
      return row?.day ?? null;
    },
    async has(cycle, day, reason) {
      const row = await db
        .selectFrom('snapshots')
        .select('id')
        .where('cycle', '=', cycle)
        .where('day', '=', day)
        .where('reason', '=', reason)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
