// One handle on the database: openStore opens one connection and every repository shares it. People,
// completions and grants are the handle's own methods (what most callers use); campaigns, the Slack
// directory, feedback and misses are repositories on it. Nothing here returns an engine type: SQLite (a file,
// the default) and PostgreSQL (a postgres:// URL) sit behind the same interfaces.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type SelectQueryBuilder, sql } from 'kysely';
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
import type { Schema } from './schema.js';
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
  /** How many of the migrations (src/store/migrations.ts) the database has had: the last one's position. */
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
  stats(): Promise<StoreStats>;
  /**
   * Whether a write could start now without waiting: false while another process holds SQLite's write lock
   * (tried without waiting, so it never blocks). PostgreSQL takes row locks, not one for the whole database:
   * true once it answers.
   */
  canWrite(): Promise<boolean>;
  /** A consistent copy of the live SQLite database (its online backup), safe while others write; PostgreSQL: pg_dump. */
  backup(file: string): Promise<void>;
  /** Closes the one connection: every repository with it. */
  close(): Promise<void>;
}

export { StoreError };

export async function openStore(options: StoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const path = describeLocation(options.path);
  // Purged questions must not linger in the file's free pages.
  const db = await openDatabase(isPostgresUrl(options.path) ? options.path : path, {
    secureDelete: true,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
  const { connection } = db;
  // After a purge, the deleted text must leave the files as well: SQLite keeps old pages in its write-ahead log
  // until a checkpoint; PostgreSQL keeps dead rows until the table is rewritten.
  const compact = async () => {
    if (db.engine === 'sqlite') {
      if (!db.memory) await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(connection.db);
    } else await sql`VACUUM FULL missed_questions`.execute(connection.db);
  };
  const cycle = options.schedule?.cycle.name ?? null;

  return {
    path,
    engine: db.engine,
    ...createPeopleRepositories(connection, { schedule: options.schedule, now }),
    ...createGrantsRepository(connection, now),
    campaigns: createCampaignRepository(connection, now),
    directory: createDirectoryRepository(connection, now),
    feedback: createFeedbackRepository(connection),
    events: createEventIdsRepository(connection.db),
    misses: createMissesRepository(connection, { compact }),
    snapshots: createSnapshotRepository(connection, now),
    leases: createLeaseRepository(connection.db),
    pace: createPaceRepository(connection.db),

    async stats() {
      const count = (query: SelectQueryBuilder<Schema, keyof Schema, object>) =>
        query.select((eb) => eb.fn.countAll<number>().as('n'));
      const { db: q } = connection;
      const row = await q
        .selectNoFrom((eb) => [
          count(eb.selectFrom('people')).as('people'),
          count(eb.selectFrom('people').where('active', '=', 1)).as('active'),
          count(
            eb.selectFrom('completions').$if(cycle !== null, (w) => w.where('cycle', '=', cycle as string)),
          ).as('completions'),
        ])
        .executeTakeFirstOrThrow();
      const last = await q
        .selectFrom('roster_imports')
        .select(['file', 'imported_at'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return {
        schemaVersion: await schemaVersion(db),
        people: Number(row.people),
        active: Number(row.active),
        completions: Number(row.completions),
        lastRosterImport: last ? { file: last.file, importedAt: last.imported_at } : null,
      };
    },

    async canWrite() {
      if (db.engine !== 'sqlite' || db.memory) {
        // PostgreSQL takes row locks, not one for the whole database: writable once it answers.
        await sql`SELECT 1`.execute(connection.db);
        return true;
      }
      return db.canWrite();
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

    close: () => db.close(),
  };
}
