// Bolt's WebClient for interactive replies (answers, views, ephemeral messages): a timeout on every call and a
// retry budget measured in seconds, where @slack/web-api's default retries for about thirty minutes. A post
// whose answer was not heard (a timeout, a dropped connection) may already be in Slack: it is not retried, so
// nobody gets the same answer twice, and the call site logs it as given up (send.ts `attempt`).
import { webApi } from '@slack/bolt';
import { type CallErrorSink, classifyFetchError, OK_BODY } from './web-api/caller.js';
import { IDEMPOTENT_METHODS, type RetryBudget, UnheardCallError } from './web-api/replies.js';
import { leanFetch } from './web-api/transport.js';

export type { CallErrorSink };

/** One Web API call of an interactive reply may take this long. */
export const WEB_API_TIMEOUT_MS = 5000;

/**
 * Two more tries, 0.5 then 1 s apart, and none started after 10 s: with the timeout, a reply is answered or
 * given up within about 15 s (a 429 waits out Slack's Retry-After within the same budget).
 */
export const WEB_API_RETRY: webApi.RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 2000,
  maxRetryTime: 10_000,
  randomize: true,
};

/** The replies' own caller's budget (web-api/replies.ts): WEB_API_RETRY, with the app's overrides (tests shorten it). */
export function replyRetryBudget(overrides: webApi.RetryOptions = {}): RetryBudget {
  const r = { ...WEB_API_RETRY, ...overrides };
  return {
    retries: r.retries ?? 0,
    factor: r.factor ?? 2,
    minTimeout: r.minTimeout ?? 1000,
    maxTimeout: r.maxTimeout ?? Number.POSITIVE_INFINITY,
    maxRetryTime: r.maxRetryTime ?? Number.POSITIVE_INFINITY,
    randomize: r.randomize ?? false,
  };
}

/** The Web API method a call's URL names (`…/api/chat.postMessage`): its last path segment. */
export function methodOf(input: Parameters<typeof fetch>[0]): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  // Read from the string: a URL object per call cost as much as the rest of this wrapper.
  const path = url.replace(/[?#].*$/s, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Reports each failed call to `onError` and passes everything through unchanged: a 429 as `ratelimited`, another
 * status as `http_<status>`, `{"ok":false,"error":…}` as that error (seen as the client reads the body with
 * `text()`, as WebClient reads every answer), a thrown fetch as `timeout`, `network_error` or `connection_lost`.
 */
export function observingFetch(doFetch: typeof fetch, onError: CallErrorSink): typeof fetch {
  return async (input, init) => {
    const method = methodOf(input);
    let response: Response;
    try {
      response = await doFetch(input, init);
    } catch (error) {
      onError(method, classifyFetchError(error).error);
      throw error;
    }
    if (response.status === 429) onError(method, 'ratelimited');
    else if (response.status !== 200) onError(method, `http_${response.status}`);
    else {
      // Read where the client reads it (WebClient reads every answer with text()), instead of from a clone: a
      // clone tees the body stream, which cost as much as a small call.
      const read = response.text.bind(response);
      const observed = async () => {
        const text = await read();
        if (!OK_BODY.test(text)) {
          try {
            const data = JSON.parse(text) as { ok?: unknown; error?: unknown } | null;
            if (data?.ok === false) onError(method, typeof data.error === 'string' ? data.error : 'unknown');
          } catch {
            // Not JSON: the client reports it as it sees fit.
          }
        }
        return text;
      };
      Object.defineProperty(response, 'text', { value: observed });
    }
    return response;
  };
}

export interface InteractiveClientOptions {
  slackApiUrl: string;
  /**
   * A 429 rejects the one call (send.ts `attempt` waits out its Retry-After) instead of pausing the client's
   * whole queue, which held every other person's answer for as long.
   */
  rejectRateLimitedCalls: true;
  timeout: number;
  retryConfig: webApi.RetryOptions;
  fetch: typeof fetch;
}

/** The WebClient options for the App (src/slack/app.ts clientOptions). */
export function interactiveClientOptions(options: {
  slackApiUrl: string;
  timeoutMs?: number;
  retryConfig?: webApi.RetryOptions;
  fetch?: typeof fetch;
  /** Each failed call, with its method and error code (every try of a retried call). */
  onCallError?: CallErrorSink;
}): InteractiveClientOptions {
  const base = options.fetch ?? leanFetch;
  const doFetch = options.onCallError ? observingFetch(base, options.onCallError) : base;
  const guarded: typeof fetch = async (input, init) => {
    try {
      return await doFetch(input, init);
    } catch (error) {
      const method = methodOf(input);
      const { error: reason, mayHaveTakenEffect } = classifyFetchError(error);
      if (mayHaveTakenEffect && !IDEMPOTENT_METHODS.has(method)) throw new UnheardCallError(method, reason);
      throw error;
    }
  };
  // p-retry (behind @slack/web-api) stops retrying when onFailedAttempt throws; RetryOptions does not name it.
  const retryConfig = {
    ...WEB_API_RETRY,
    ...options.retryConfig,
    onFailedAttempt: (error: unknown) => {
      if (error instanceof webApi.WebAPIRequestError && error.original instanceof UnheardCallError)
        throw error;
    },
  } as webApi.RetryOptions;
  return {
    slackApiUrl: options.slackApiUrl,
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? WEB_API_TIMEOUT_MS,
    retryConfig,
    fetch: guarded,
  };
}
