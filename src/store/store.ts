// One handle on the database: openStore opens one connection and every repository shares it. People,
// completions and grants are the handle's own methods (what most callers use); campaigns, the Slack
// directory, feedback and misses are repositories on it. Nothing here returns an engine type: SQLite (a file,
// the default) and PostgreSQL (a postgres:// URL) sit behind the same interfaces.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ScheduleFile } from '../content/schemas.js';
import { type CampaignRepository, createCampaignRepository } from './campaigns.js';
import { describeLocation, isPostgresUrl, openDatabase, StoreError } from './db.js';
import { createDirectoryRepository, type DirectoryRepository } from './directory.js';
import { createEventIdsRepository, type EventIdsRepository } from './events.js';
import { createFeedbackRepository, type FeedbackRepository } from './feedback.js';
import { createGrantsRepository, type GrantsRepository } from './grants.js';
import {
  createLeaseRepository,
  createPaceRepository,
  type LeaseRepository,
  type PaceRepository,
} from './leases.js';
import { schemaVersion } from './migrations.js';
import { createMissesRepository, type MissesRepository } from './misses.js';
import { type CompletionsRepository, createPeopleRepositories, type PeopleRepository } from './people.js';
import { createSnapshotRepository, type SnapshotRepository } from './snapshots.js';

export interface StoreOptions {
  /** A SQLite file (its folder is created), ':memory:', or a postgres:// URL. */
  path: string;
  /**
   * The cycle and its groups: completions are recorded and counted per cycle, and the `group` filter follows
   * the groups' order. Without it, every completion counts and `group` cannot be filtered on.
   */
  schedule?: Pick<ScheduleFile, 'cycle' | 'groups'>;
  /** When things are recorded (roster seen, grant given, delivery sent). */
  now?: () => Date;
  /** PostgreSQL: connections in the pool at most (DATABASE_POOL_SIZE; default 10). */
  poolSize?: number;
}

export interface StoreStats {
  /** The schema version the migrations brought the file to. */
  schemaVersion: number;
  people: number;
  active: number;
  completions: number;
  lastRosterImport: { file: string; importedAt: string } | null;
}

export interface Store extends PeopleRepository, CompletionsRepository, GrantsRepository {
  /** The database: the SQLite file resolved, or the PostgreSQL URL without its password. */
  readonly path: string;
  readonly engine: 'sqlite' | 'postgres';
  /** Campaigns (the audit record) and their deliveries. */
  readonly campaigns: CampaignRepository;
  /** The cached Slack directory (users.list). */
  readonly directory: DirectoryRepository;
  /** 👍/👎 counts per FAQ entry. */
  readonly feedback: FeedbackRepository;
  /** Slack event ids already handled, for an hour: a redelivery is answered once across processes. */
  readonly events: EventIdsRepository;
  /** Missed questions, answer counts and the privacy-notice flag. */
  readonly misses: MissesRepository;
  /** Completion counts per cycle, group and department over time (counts only). */
  readonly snapshots: SnapshotRepository;
  /** Jobs one process runs at a time (the scheduler, retention, a campaign), when several share the database. */
  readonly leases: LeaseRepository;
  /** The sending pace shared by every process on the database. */
  readonly pace: PaceRepository;
  stats(): StoreStats;
  /**
   * Whether a write could start now without waiting: false while another process holds SQLite's write lock
   * (tried without waiting, so it never blocks). PostgreSQL takes row locks, not one for the whole database:
   * true once it answers.
   */
  canWrite(): boolean;
  /** A consistent copy of the live SQLite database (its online backup), safe while others write; PostgreSQL: pg_dump. */
  backup(file: string): Promise<void>;
  /** Closes the one connection: every repository with it. */
  close(): void;
}

export { StoreError };

export function openStore(options: StoreOptions): Store {
  const now = options.now ?? (() => new Date());
  const memory = options.path === ':memory:';
  const path = describeLocation(options.path);
  // Purged questions must not linger in the file's free pages.
  const db = openDatabase(isPostgresUrl(options.path) ? options.path : path, {
    secureDelete: true,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
  // After a purge, the deleted text must leave the files as well: SQLite keeps old pages in its write-ahead log
  // until a checkpoint; PostgreSQL keeps dead rows until the table is rewritten.
  const compact = () => {
    if (db.engine === 'sqlite') {
      if (!memory) db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } else db.exec('VACUUM FULL missed_questions');
  };
  const cycle = options.schedule?.cycle.name ?? null;
  const cycleParams = cycle === null ? {} : { cycle };

  const counts = db.prepare<Record<string, unknown>, { people: number; active: number; completions: number }>(
    `SELECT (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM people WHERE active = 1) AS active,
            (SELECT count(*) FROM completions${cycle === null ? '' : ' WHERE cycle = @cycle'}) AS completions`,
  );
  const lastImport = db.prepare<[], { file: string; imported_at: string }>(
    'SELECT file, imported_at FROM roster_imports ORDER BY id DESC LIMIT 1',
  );

  return {
    path,
    engine: db.engine,
    ...createPeopleRepositories(db, { schedule: options.schedule, now }),
    ...createGrantsRepository(db, now),
    campaigns: createCampaignRepository(db, now),
    directory: createDirectoryRepository(db, now),
    feedback: createFeedbackRepository(db.connection),
    events: createEventIdsRepository(db.connection),
    misses: createMissesRepository(db, { compact }),
    snapshots: createSnapshotRepository(db, now),
    leases: createLeaseRepository(db.connection),
    pace: createPaceRepository(db.connection),

    stats() {
      const row = counts.get(cycleParams) as { people: number; active: number; completions: number };
      const last = lastImport.get();
      return {
        schemaVersion: schemaVersion(db),
        ...row,
        lastRosterImport: last ? { file: last.file, importedAt: last.imported_at } : null,
      };
    },

    canWrite() {
      if (db.engine !== 'sqlite' || memory) return true;
      const wait = db.sqlite.pragma('busy_timeout', { simple: true }) as number;
      db.sqlite.pragma('busy_timeout = 0');
      try {
        db.sqlite.exec('BEGIN IMMEDIATE');
        db.sqlite.exec('ROLLBACK');
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false;
        throw error;
      } finally {
        db.sqlite.pragma(`busy_timeout = ${wait}`);
      }
    },

    async backup(file) {
      if (db.engine === 'postgres')
        throw new StoreError(
          "db backup copies a SQLite file; back up a PostgreSQL database with pg_dump (or the platform's snapshots).",
        );
      const target = resolve(file);
      if (target === path) throw new StoreError(`Refusing to back up the database onto itself ("${file}").`);
      mkdirSync(dirname(target), { recursive: true });
      await db.sqlite.backup(target);
    },

    close() {
      db.close();
    },
  };
}
