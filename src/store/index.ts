// The store's public surface: open it with createStore, feed it with parseRoster / parseCompletions.
export { formatImportIssue, ImportError, type ImportIssue } from './csv.js';
export { applyMigrations, MIGRATIONS, type Migration, MigrationError } from './migrations.js';
export {
  COMPLETION_COLUMNS,
  type CompletionRecord,
  parseCompletions,
  parseRoster,
  ROSTER_COLUMNS,
  type RosterRecord,
} from './rows.js';
export {
  type CompletionsImportSummary,
  createStore,
  DEFAULT_DATABASE_PATH,
  databasePath,
  type Grant,
  type GrantRole,
  type PeopleFilter,
  type Person,
  type RosterImportSummary,
  type Store,
  StoreError,
  type StoreOptions,
  type StoreStats,
} from './store.js';
