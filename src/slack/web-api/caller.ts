// A bare Slack Web API caller for broadcasts: no retries of its own, so the paced queue alone decides when to
// wait (429 Retry-After) and when to try again. Bolt's WebClient would retry and queue behind our back.
//
// A failure says whether the call may have taken effect all the same: a timeout or a connection dropped after
// the request went out is not a failure to deliver, only a failure to hear back. Retrying it blindly is how a
// reminder goes out twice, so the queue asks Slack first (src/broadcast/queue.ts).
import { type HttpAnswer, headerOf, send } from './transport.js';

export type CallEffect = 'late' | 'now';

export type SlackCallResult =
  | { ok: true; data: Record<string, unknown> }
  | {
      ok: false;
      /**
       * Slack's error code (`user_not_found`), `ratelimited`, `http_503`; `timeout` (no answer in time),
       * `connection_lost` (the connection closed after the request was sent) or `network_error` (Slack was
       * never reached: refused, unknown host).
       */
      error: string;
      /** From a 429's Retry-After header. */
      retryAfterMs?: number;
      /** HTTP status; 0 when the request never got an answer. */
      status: number;
      /**
       * Set when the call may have taken effect although it failed: `late` when it may still be landing (a
       * timeout, a dropped connection, a gateway's 502/504), `now` when Slack answered an error after doing
       * part of the work (500, 503, `internal_error`, `fatal_error`).
       */
      mayHaveTakenEffect?: CallEffect;
    };

export interface CallOptions {
  /**
   * False: the answer of a call that succeeds is not read (`data` is `{ ok: true }`): Slack's ok is told from the
   * answer's first bytes, without parsing the rest (a post's answer echoes the whole message). Default true.
   */
  read?: boolean;
}

export interface SlackCaller {
  call(method: string, args: Record<string, unknown>, options?: CallOptions): Promise<SlackCallResult>;
}

/** Told of each Web API call that failed: its method and Slack's error code, never the payload (/metrics). */
export type CallErrorSink = (method: string, code: string) => void;

/** The same caller, telling `onError` of each call that fails. */
export function observeCalls(caller: SlackCaller, onError: CallErrorSink): SlackCaller {
  return {
    async call(method, args, options) {
      const result = await caller.call(method, args, options);
      if (!result.ok) onError(method, result.error);
      return result;
    },
  };
}

export interface SlackCallerOptions {
  token: string;
  /** The Web API base, ending with `/` (SLACK_API_URL: Slack, GovSlack, a proxy or the test stand-in). */
  apiUrl: string;
  /** How long one call may take before it is given up (BROADCAST_REQUEST_TIMEOUT_MS). */
  timeoutMs: number;
  /**
   * Methods whose arguments go as a JSON body (Slack takes one for its write methods): one JSON.stringify, where
   * a form encodes each object-valued argument as JSON and then percent-encodes that text again (about 0.04 ms of
   * CPU for a reply's blocks, issue #25). The others go as a form, which every method takes.
   */
  jsonMethods?: ReadonlySet<string>;
}

/** The form @slack/web-api sends: each argument a field, an object one as its JSON text. */
function formOf(args: Record<string, unknown>): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    body.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return body.toString();
}

/** Connection errors that happen before a request is on the wire: Slack never saw it. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  // undici's connect timeout (10 s): the connection was never made.
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Slack's errors whose documentation says "it's possible some aspect of the operation succeeded". */
const PARTLY_DONE_ERRORS = new Set(['internal_error', 'fatal_error']);

/**
 * What a failed request means for the call, thrown by fetch (the code on its `cause`) or by undici's request (the
 * code on the error itself): never the error's text, which may quote the request.
 */
export function classifyFetchError(error: unknown): { error: string; mayHaveTakenEffect?: CallEffect } {
  const e = error as {
    name?: unknown;
    code?: unknown;
    cause?: { code?: unknown; name?: unknown; message?: unknown };
  } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return { error: 'timeout', mayHaveTakenEffect: 'late' };
  const code =
    typeof e?.cause?.code === 'string' ? e.cause.code : typeof e?.code === 'string' ? e.code : undefined;
  if (code !== undefined && NEVER_SENT.has(code)) return { error: 'network_error' };
  // fetch refuses a URL on a port the Fetch standard blocks before it opens any connection.
  if (e?.cause?.message === 'bad port') return { error: 'network_error' };
  // Reset, "other side closed", or nothing to go by: the request may have reached Slack.
  return { error: 'connection_lost', mayHaveTakenEffect: 'late' };
}

export function createSlackCaller(options: SlackCallerOptions): SlackCaller {
  const base = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
  const { timeoutMs } = options;
  const jsonMethods = options.jsonMethods ?? new Set<string>();
  const authorization = `Bearer ${options.token}`;
  const formHeaders = { authorization, 'content-type': 'application/x-www-form-urlencoded' };
  const jsonHeaders = { authorization, 'content-type': 'application/json; charset=utf-8' };
  return {
    async call(method, args, options) {
      // One deadline for the answer and its body: a response that stalls half-way is a timeout too. A timer
      // cleared as the call ends rather than AbortSignal.timeout, whose timer and signal outlive the call by the
      // whole timeout: some 11,000 of each at a campaign's pace.
      const deadline = new AbortController();
      const timer = setTimeout(
        () => deadline.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
        timeoutMs,
      );
      try {
        return await callOnce(method, args, deadline.signal, options?.read ?? true);
      } finally {
        clearTimeout(timer);
      }
    },
  };

  async function callOnce(
    method: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
    read: boolean,
  ): Promise<SlackCallResult> {
    // Form-encoded works for every method (JSON bodies only for write methods), as @slack/web-api sends it.
    const json = jsonMethods.has(method);
    let response: HttpAnswer;
    try {
      response = await send(`${base}${method}`, {
        method: 'POST',
        headers: json ? jsonHeaders : formHeaders,
        body: json ? JSON.stringify(args) : formOf(args),
        signal,
      });
    } catch (error) {
      return { ok: false, status: 0, ...unanswered(signal, error) };
    }
    const status = response.statusCode;
    if (status === 429) {
      // Not wanted: read and dropped, so the connection serves the next call.
      response.body.dump().catch(() => undefined);
      const seconds = Number(headerOf(response, 'retry-after'));
      return {
        ok: false,
        error: 'ratelimited',
        status: 429,
        retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
      };
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      if (signal.aborted) return { ok: false, status, ...unanswered(signal, error) };
      return httpFailure(status);
    }
    if (status >= 500) return httpFailure(status);
    // An answer nobody reads (a reply's post, whose answer echoes the whole message): its ok told without
    // building the echo's objects.
    if (!read && status === 200 && OK_BODY.test(text)) return ANSWERED_OK;
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return httpFailure(status);
    }
    if (typeof data !== 'object' || data === null) return httpFailure(status);
    if (data['ok'] !== true) {
      const error = String(data['error'] ?? `http_${status}`);
      return {
        ok: false,
        error,
        status,
        ...(PARTLY_DONE_ERRORS.has(error) ? { mayHaveTakenEffect: 'now' as const } : {}),
      };
    }
    return { ok: true, data };
  }
}

/** Slack answers `{"ok":true,…}` with `ok` first: a success told apart without parsing the answer. */
export const OK_BODY = /^\s*\{\s*"ok"\s*:\s*true\b/;

/** What a call whose answer is not read resolves with. */
const ANSWERED_OK: SlackCallResult = Object.freeze({ ok: true, data: Object.freeze({ ok: true }) });

/** A request that got no answer; once the deadline has passed, whatever it reports (an abort, a reset) is the timeout. */
function unanswered(signal: AbortSignal, error: unknown) {
  return classifyFetchError(signal.aborted ? signal.reason : error);
}

function httpFailure(status: number): SlackCallResult {
  return {
    ok: false,
    error: `http_${status}`,
    status,
    ...(status >= 500 ? { mayHaveTakenEffect: status === 502 || status === 504 ? 'late' : 'now' } : {}),
  };
}
