// The store's errors, apart from the engines so that each engine's module can throw them.
import { AppError } from '../errors.js';

export class StoreError extends AppError {
  static override readonly code: string = 'store_failed';
  static override readonly expected: boolean = true;
  override name = 'StoreError';
}

/** The schema could not be brought up to date: which migration failed and why, or why this code refuses it. */
export class MigrationError extends StoreError {
  static override readonly code: string = 'store_migration_failed';
  static override readonly expected: boolean = true;
  override name = 'MigrationError';
}
