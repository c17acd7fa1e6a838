// A bare Slack Web API caller for broadcasts: no retries of its own, so the paced queue alone decides when to
// wait (429 Retry-After) and when to try again. Bolt's WebClient would retry and queue behind our back.

export type SlackCallResult =
  | { ok: true; data: Record<string, unknown> }
  | {
      ok: false;
      /** Slack's error code (`user_not_found`), `ratelimited`, `http_503` or `network_error`. */
      error: string;
      /** From a 429's Retry-After header. */
      retryAfterMs?: number;
      /** HTTP status; 0 when the request never got an answer. */
      status: number;
    };

export interface SlackCaller {
  call(method: string, args: Record<string, unknown>): Promise<SlackCallResult>;
}

export interface SlackCallerOptions {
  token: string;
  /** The Web API base, ending with `/` (SLACK_API_URL: Slack, GovSlack, a proxy or the test stand-in). */
  apiUrl: string;
  /** How long one call may take before it is given up (BROADCAST_REQUEST_TIMEOUT_MS). */
  timeoutMs: number;
  fetch?: typeof fetch;
}

export function createSlackCaller(options: SlackCallerOptions): SlackCaller {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
  const { timeoutMs } = options;
  return {
    async call(method, args) {
      // Form-encoded works for every method (JSON bodies only for write methods), as @slack/web-api sends it.
      const body = new URLSearchParams();
      for (const [key, value] of Object.entries(args)) {
        if (value === undefined) continue;
        body.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
      let response: Response;
      try {
        response = await doFetch(`${base}${method}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch {
        // The error's text may quote the request: only the fact of a network failure is kept.
        return { ok: false, error: 'network_error', status: 0 };
      }
      if (response.status === 429) {
        await response.body?.cancel();
        const seconds = Number(response.headers.get('retry-after'));
        return {
          ok: false,
          error: 'ratelimited',
          status: 429,
          retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
        };
      }
      let data: Record<string, unknown>;
      try {
        data = (await response.json()) as Record<string, unknown>;
      } catch {
        return { ok: false, error: `http_${response.status}`, status: response.status };
      }
      if (response.status >= 500)
        return { ok: false, error: `http_${response.status}`, status: response.status };
      if (data['ok'] !== true) {
        return {
          ok: false,
          error: String(data['error'] ?? `http_${response.status}`),
          status: response.status,
        };
      }
      return { ok: true, data };
    },
  };
}
