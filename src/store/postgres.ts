// What PostgreSQL needs beyond kysely's dialect: its errors without the values they quote, and its URL without
// the password.
import { StoreError } from './errors.js';

/** A statement PostgreSQL refused: `sqlState` is its SQLSTATE (23505 a unique violation, 57014 a timeout…). */
export class PostgresError extends StoreError {
  static override readonly code = 'postgres_refused';
  static override readonly expected = true;
  override name = 'PostgresError';
  constructor(
    message: string,
    readonly sqlState: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The error as the store throws it: PostgreSQL's message without the value it quotes when a value was refused
 * (class 22, "invalid input syntax for type integer: \"…\""): a bound value may be something a person typed,
 * and errors reach the logs. The detail (which quotes the key of a unique violation) is never taken.
 */
export function asPostgresError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  const sqlState = typeof code === 'string' ? code : undefined;
  return new PostgresError(withoutValues(error.message, sqlState), sqlState);
}

function withoutValues(message: string, code: string | undefined): string {
  if (!code?.startsWith('22')) return message;
  return message.replace(/:\s*".*"\s*$/s, '').replace(/"[^"]*"/g, '"…"');
}

/** The URL without its password, for messages and `store.path`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
