// The store's errors, apart from the engines so that each engine's module can throw them.

export class StoreError extends Error {
  override name = 'StoreError';
}

/** The schema could not be brought up to date: which migration failed and why, or why this code refuses it. */
export class MigrationError extends StoreError {
  override name = 'MigrationError';
}
