// The Web API calls of a reply (a DM's answer, the users.info of a first contact, a button's answer) on our own
// transport, as the broadcasts' calls are: Bolt's WebClient cost about 0.3 ms of CPU a call in bench:slack (its
// queue, p-retry, the form encoding, three debug lines redacted and encoded a call; issue #25). What it gave, kept
// here by hand: a timeout per call (the bare caller's), a retry budget in seconds, a 429 rejected at once with its
// Retry-After (send.ts `attempt` waits it out for that reply alone), and no second try of a call whose answer was
// not heard unless the method changes nothing however often it runs: a post that timed out may be in Slack, so it
// is given up and logged (UnheardCallError), never sent again blindly.
import { AppError } from '../../errors.js';
import {
  type CallErrorSink,
  type CallOptions,
  createSlackCaller,
  observeCalls,
  type SlackCaller,
  type SlackCallResult,
} from './caller.js';

/** Methods that do the same thing however often they run: safe to retry after an answer that was not heard. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'auth.test',
  'users.info',
  'users.list',
  'users.lookupByEmail',
  'conversations.open',
  'conversations.history',
  'conversations.info',
  'chat.update',
  'views.publish',
  'views.update',
  'files.getUploadURLExternal',
]);

/** Sent as a JSON body (caller.ts `jsonMethods`): a reply's blocks, encoded once. */
const JSON_METHODS: ReadonlySet<string> = new Set(['chat.postMessage']);

type Failure = Extract<SlackCallResult, { ok: false }>;

/** A Web API call of a reply that failed: Slack's error code, a 429, an HTTP status. Never the payload. */
export class SlackCallError extends AppError {
  static override readonly code: string = 'slack_call_failed';
  static override readonly expected: boolean = true;
  override name = 'SlackCallError';
  constructor(
    readonly method: string,
    /** Slack's error code (`channel_not_found`), `ratelimited`, `http_503`, `timeout`, `connection_lost`… */
    readonly error: string,
    /** From a 429's Retry-After. */
    readonly retryAfterMs?: number,
    message = `${method} failed: ${error}`,
  ) {
    super(message);
  }
}

/** A call that failed without an answer and may have taken effect: not retried. */
export class UnheardCallError extends SlackCallError {
  static override readonly code = 'slack_call_unheard';
  static override readonly expected = true;
  override name = 'UnheardCallError';
  constructor(method: string, reason: string) {
    super(
      method,
      reason,
      undefined,
      `${method} got no answer (${reason}); it may have arrived, so it was not tried again`,
    );
  }
}

/** How often, and for how long, a failed call is tried again (the fields of p-retry's options we use). */
export interface RetryBudget {
  /** Tries after the first. */
  retries: number;
  factor: number;
  minTimeout: number;
  maxTimeout: number;
  /** No try starts later than this after the first. */
  maxRetryTime: number;
  /** Each wait multiplied by a random factor between 1 and 2, as p-retry does. */
  randomize: boolean;
}

/** The wait before try `retry` + 1 (`retry` from 1), as p-retry computes it. */
export function retryDelayMs(budget: RetryBudget, retry: number, random: () => number = Math.random): number {
  const spread = budget.randomize ? 1 + random() : 1;
  return Math.min(Math.round(spread * budget.minTimeout * budget.factor ** (retry - 1)), budget.maxTimeout);
}

/**
 * Whether a failed call may be tried again. Never sent (refused, unknown host): always. A 503 (Slack did not take
 * it): always. An answer not heard (a timeout, a dropped connection, a gateway's 502 or 504) or a 500 (it may have
 * done part of the work): only a method that changes nothing however often it runs. A 429 is not retried here
 * (`attempt` waits out its Retry-After), nor is Slack's own error code.
 */
export function mayRetry(method: string, failure: Failure): boolean {
  if (failure.error === 'network_error') return true;
  if (failure.status === 503) return true;
  if (failure.mayHaveTakenEffect !== undefined) return IDEMPOTENT_METHODS.has(method);
  return false;
}

/** What a reply's caller rejects with when it gives a call up. */
export function callErrorOf(method: string, failure: Failure): SlackCallError {
  if (failure.mayHaveTakenEffect === 'late' && !IDEMPOTENT_METHODS.has(method))
    return new UnheardCallError(method, failure.error);
  return new SlackCallError(method, failure.error, failure.retryAfterMs);
}

export interface ReplyCaller {
  /**
   * Slack's answer to `method` (`ok: true`; only that with `read: false`); rejects with a SlackCallError once the
   * call is given up.
   */
  call(method: string, args: object, options?: CallOptions): Promise<Record<string, unknown>>;
}

export interface ReplyCallerOptions {
  token: string;
  /** The Web API base (SLACK_API_URL). */
  apiUrl: string;
  /** One try may take this long. */
  timeoutMs: number;
  retry: RetryBudget;
  /** Each failed try, with its method and error code (the app's /metrics). */
  onCallError?: CallErrorSink;
  /** The bare caller to try through (default: createSlackCaller over the options). */
  caller?: SlackCaller;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createReplyCaller(options: ReplyCallerOptions): ReplyCaller {
  const bare = options.caller ?? createSlackCaller({ ...options, jsonMethods: JSON_METHODS });
  const caller = options.onCallError ? observeCalls(bare, options.onCallError) : bare;
  const { retry: budget } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepMs;
  return {
    async call(method, args, options) {
      const started = now();
      for (let retry = 1; ; retry++) {
        const result = await caller.call(method, args as Record<string, unknown>, options);
        if (result.ok) return result.data;
        const wait = retryDelayMs(budget, retry);
        if (
          retry > budget.retries ||
          !mayRetry(method, result) ||
          now() + wait - started > budget.maxRetryTime
        )
          throw callErrorOf(method, result);
        await sleep(wait);
      }
    },
  };
}
