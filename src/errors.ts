// The one base of the app's errors. A caller decides by `code` or by `expected`, never by a list of classes
// (slackapi/bolt-js `src/errors.ts`: CodedError and its ErrorCode).

/**
 * Every error the app throws on purpose. Each class states, as statics, its `code` (a stable string: logs and
 * tests may rely on it) and whether it is `expected`: a mistake a person can fix from the message alone (a
 * setting, a file, a command line), or an outage we explain (the database, Slack). Anything not expected is a
 * bug: shown with its stack. Instances read both from their class.
 */
export abstract class AppError extends Error {
  static readonly code: string = 'app_error';
  static readonly expected: boolean = false;

  get code(): string {
    return (this.constructor as typeof AppError).code;
  }

  get expected(): boolean {
    return (this.constructor as typeof AppError).expected;
  }
}

/** An error a person can act on from its message alone: printed as that message, without a stack. */
export function isExpected(error: unknown): error is AppError {
  return error instanceof AppError && error.expected;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How a command line shows a failure: an expected error as its message alone, anything else with its stack. */
export function failureText(error: unknown): string {
  if (isExpected(error)) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
