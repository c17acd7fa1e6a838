// Calls to Slack that must not fail silently: the WebClient retries transient failures itself (retryConfig);
// what still fails is logged with Slack's error code, never with the message text.
import type { Logger } from '@slack/bolt';

/** Slack's error code (`channel_not_found`, `ratelimited`) or the error's own code/name: never a payload. */
export function describeSlackError(error: unknown): string {
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

/** Runs one Slack call; on failure logs `what` and the error, and returns undefined. */
export async function attempt<T>(
  logger: Logger,
  what: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    logger.error(`Slack call failed: ${what}: ${describeSlackError(error)}`);
    return undefined;
  }
}
