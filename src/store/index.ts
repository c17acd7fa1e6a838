// The store's public surface: open it with openStore, feed it with parseRoster / parseCompletions.
export type {
  CampaignKind,
  CampaignRecord,
  CampaignRepository,
  DeliveryCounts,
  DeliveryRow,
  DeliveryStatus,
  NewCampaign,
  NewDelivery,
} from './campaigns.js';
export { formatImportIssue, ImportError, type ImportIssue } from './csv.js';
export { isPostgresUrl } from './db.js';
export { DIRECTORY_MAX_AGE_MS, type DirectoryMember, type DirectoryRepository } from './directory.js';
export type { EventIdsRepository } from './events.js';
export type { FeedbackCount, FeedbackRepository, FeedbackVote } from './feedback.js';
export type { Grant, GrantRole, GrantsRepository } from './grants.js';
export type { LeaseRepository, PaceRepository } from './leases.js';
export { MigrationError } from './migrations.js';
export type { DayCount, Miss, MissesRepository, MissReason } from './misses.js';
export type {
  CompletionsImportRecord,
  CompletionsImportSummary,
  CompletionsRepository,
  PeopleFilter,
  PeopleRepository,
  Person,
  RosterImportOptions,
  RosterImportSummary,
  SlackLink,
} from './people.js';
export { MassDeactivationError } from './people.js';
export { PostgresError } from './postgres.js';
export {
  COMPLETION_COLUMNS,
  type CompletionRecord,
  type CompletionsParseOptions,
  parseCompletions,
  parseRoster,
  ROSTER_COLUMNS,
  type RosterRecord,
} from './rows.js';
export type {
  NewSnapshot,
  Snapshot,
  SnapshotCount,
  SnapshotQuery,
  SnapshotReason,
  SnapshotRepository,
} from './snapshots.js';
export { openStore, type Store, StoreError, type StoreOptions, type StoreStats } from './store.js';
