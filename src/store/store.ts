// One handle on the database: openStore opens one connection and every repository shares it. People,
// completions and grants are the handle's own methods (what most callers use); campaigns, the Slack
// directory, feedback and misses are repositories on it. Nothing here returns an engine type, so another
// engine can sit behind the same interfaces.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ScheduleFile } from '../content/schemas.js';
import { type CampaignStore, createCampaignRepository } from './campaigns.js';
import { openDatabase, StoreError } from './db.js';
import { createDirectoryRepository, type DirectoryRepository } from './directory.js';
import { createEventIdsRepository, type EventIdsRepository } from './events.js';
import { createFeedbackRepository, type FeedbackRepository } from './feedback.js';
import { createGrantsRepository, type GrantsRepository } from './grants.js';
import { createMissesRepository, type MissesStore } from './misses.js';
import { type CompletionsRepository, createPeopleRepositories, type PeopleRepository } from './people.js';
import { createSnapshotRepository, type SnapshotRepository } from './snapshots.js';

export interface StoreOptions {
  /** The database file (its folder is created), or ':memory:'. */
  path: string;
  /**
   * The cycle and its groups: completions are recorded and counted per cycle, and the `group` filter follows
   * the groups' order. Without it, every completion counts and `group` cannot be filtered on.
   */
  schedule?: Pick<ScheduleFile, 'cycle' | 'groups'>;
  /** When things are recorded (roster seen, grant given, delivery sent). */
  now?: () => Date;
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
  /** The database file, resolved. */
  readonly path: string;
  /** Campaigns (the audit record) and their deliveries. */
  readonly campaigns: CampaignStore;
  /** The cached Slack directory (users.list). */
  readonly directory: DirectoryRepository;
  /** 👍/👎 counts per FAQ entry. */
  readonly feedback: FeedbackRepository;
  /** Slack event ids already handled, for an hour: a redelivery is answered once across processes. */
  readonly events: EventIdsRepository;
  /** Missed questions, answer counts and the privacy-notice flag. */
  readonly misses: MissesStore;
  /** Completion counts per cycle, group and department over time (counts only). */
  readonly snapshots: SnapshotRepository;
  stats(): StoreStats;
  /** A consistent copy of the live database (SQLite's online backup), safe while others write. */
  backup(file: string): Promise<void>;
  /** Closes the one connection: every repository with it. */
  close(): void;
}

export { StoreError };

export function openStore(options: StoreOptions): Store {
  const now = options.now ?? (() => new Date());
  const memory = options.path === ':memory:';
  const path = memory ? options.path : resolve(options.path);
  // Purged questions must not linger in the file's free pages.
  const db = openDatabase(path, { secureDelete: true });
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
    ...createPeopleRepositories(db, { schedule: options.schedule, now }),
    ...createGrantsRepository(db, now),
    campaigns: createCampaignRepository(db, now),
    directory: createDirectoryRepository(db, now),
    feedback: createFeedbackRepository(db),
    events: createEventIdsRepository(db),
    misses: createMissesRepository(db, { memory }),
    snapshots: createSnapshotRepository(db, now),

    stats() {
      const row = counts.get(cycleParams) as { people: number; active: number; completions: number };
      const last = lastImport.get();
      return {
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        ...row,
        lastRosterImport: last ? { file: last.file, importedAt: last.imported_at } : null,
      };
    },

    async backup(file) {
      const target = resolve(file);
      if (target === path) throw new StoreError(`Refusing to back up the database onto itself ("${file}").`);
      mkdirSync(dirname(target), { recursive: true });
      await db.backup(target);
    },

    close() {
      if (db.open) db.close();
    },
  };
}
