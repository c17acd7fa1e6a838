// Calls to Slack that must not fail silently: the WebClient and the replies' caller (web-api/replies.ts) retry
// transient failures themselves; what still fails is logged with Slack's error code, never with the message text.
import type { Logger } from '@slack/bolt';
import { SlackCallError, UnheardCallError } from './web-api/replies.js';

/** Slack's error code (`channel_not_found`, `ratelimited`) or the error's own code/name: never a payload. */
export function describeSlackError(error: unknown): string {
  // The replies' own caller (web-api/replies.ts): Slack's code; an unheard call says why it was not tried again.
  if (error instanceof UnheardCallError) return `${error.code} (${error.name}: ${error.message})`;
  if (error instanceof SlackCallError) return error.error;
  if (typeof error === 'object' && error !== null) {
    const e = error as {
      code?: unknown;
      data?: { error?: unknown };
      name?: unknown;
      message?: unknown;
      original?: unknown;
    };
    const slack = typeof e.data?.error === 'string' ? e.data.error : undefined;
    const code = typeof e.code === 'string' ? e.code : undefined;
    // A request error wraps what fetch threw: its name and message (a timeout, "fetch failed", or the
    // UnheardCallError naming the method), never the request.
    if (code && e.original instanceof Error) return `${code} (${e.original.name}: ${e.original.message})`;
    if (slack && code) return `${code} (${slack})`;
    if (slack || code) return String(slack ?? code);
    if (typeof e.name === 'string' && typeof e.message === 'string') return `${e.name}: ${e.message}`;
  }
  return String(error);
}

/**
 * The longest Retry-After one reply waits out before it is given up. The interactive client rejects a
 * rate-limited call at once (`rejectRateLimitedCalls`), so only this reply waits, never everyone's.
 */
export const MAX_RATE_LIMIT_WAIT_S = 60;

/** Slack's Retry-After, in seconds, when the error is a rate-limited call; else undefined. */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof SlackCallError)
    return error.retryAfterMs === undefined ? undefined : error.retryAfterMs / 1000;
  const e = error as { code?: unknown; retryAfter?: unknown } | null;
  return e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number'
    ? e.retryAfter
    : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one Slack call; a rate-limited call waits out its Retry-After (this call only) and is tried again; on
 * any other failure, or a wait beyond MAX_RATE_LIMIT_WAIT_S, logs `what` and the error, and returns undefined.
 */
export async function attempt<T>(
  logger: Logger,
  what: string,
  call: () => Promise<T>,
  tries = 3,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const wait = retryAfterOf(error);
    if (wait !== undefined && wait <= MAX_RATE_LIMIT_WAIT_S && tries > 1) {
      logger.warn(`Slack rate-limited ${what}: this reply waits ${wait} s, others go on`);
      await sleep(wait * 1000);
      return attempt(logger, what, call, tries - 1);
    }
    logger.error(`Slack call failed: ${what}: ${describeSlackError(error)}`);
    return undefined;
  }
}
