// The one HTTP path to Slack's Web API, on undici's `request`: our own callers post through `send`, Bolt's
// WebClient through `leanFetch` (a `fetch` over the same call). Not the global fetch: its WHATWG Request, Response
// and body streams cost ~0.45 ms of CPU a call, and at a campaign's pace, with the finalizers that release them,
// over half of all the bytes the sender promoted to the old generation (issue #27). Not node:http either: measured
// side by side (20,000 form POSTs, 50 at a time, to a local server), undici took 0.07 ms of CPU a call against
// node:http's 0.125, for about 12 MB more resident memory once loaded (the app process loads it anyway).
// Connections are kept alive by undici's global dispatcher; a connection not made in 10 s (its connect timeout)
// fails with UND_ERR_CONNECT_TIMEOUT: never sent.
import { request } from 'undici';

/**
 * What `send` answers: undici's own response as it is. A wrapper object per call, with a generator over the
 * headers, cost 0.03-0.06 ms of CPU a call more when measured.
 */
export interface HttpAnswer {
  readonly statusCode: number;
  /** Names in lower case; a repeated header as an array. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: {
    /** The whole body; rejects when the connection fails, or the signal aborts, before its end. */
    text(): Promise<string>;
    /** Read and dropped, so the connection can serve the next call. */
    dump(): Promise<void>;
  };
}

export interface HttpCall {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | Uint8Array | null;
  /** Aborts the call, and the body half read: the caller's deadline. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Sends one request: the one place the Web API is called from. Rejects as undici does: an error with a `code`
 * (ECONNREFUSED, UND_ERR_SOCKET when the connection closed, UND_ERR_CONNECT_TIMEOUT…), or once `signal` aborts.
 */
export function send(url: string, call: HttpCall): Promise<HttpAnswer> {
  return request(url, {
    method: call.method as 'POST',
    headers: call.headers,
    body: call.body,
    ...(call.signal ? { signal: call.signal } : {}),
  });
}

/** A response header, or null; a repeated one joined with `, `. */
export function headerOf(answer: HttpAnswer, name: string): string | null {
  const value = answer.headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

type FetchArgs = Parameters<typeof fetch>;

/** Statuses whose response has no body: `new Response` refuses one for them. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A body undici sends as it is; undefined for one only the global fetch knows how to send. */
function plainBody(body: RequestInit['body']): string | Uint8Array | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return body;
  return undefined;
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers);
  return headers as Record<string, string>;
}

/** As the global fetch fails: a TypeError "fetch failed" with the cause (its `code` says what happened). */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/**
 * `fetch` for the Web API clients over `send`: the same answers and errors as the global fetch for what they send
 * (a form or JSON body, an AbortSignal, no redirects), the answer as a LeanResponse (what the clients read of a
 * Response, without its stream). Anything else (a FormData or stream body, a redirect to follow) goes to the global
 * fetch.
 */
export const leanFetch: typeof fetch = async (...[input, init]: FetchArgs): Promise<Response> => {
  const body = plainBody(init?.body);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
  if (url === undefined || body === undefined || (init?.redirect ?? 'follow') === 'follow')
    return fetch(input, init);
  const signal = init?.signal ?? undefined;
  signal?.throwIfAborted();
  let answer: HttpAnswer;
  try {
    answer = await send(url, {
      method: init?.method ?? 'GET',
      headers: plainHeaders(init?.headers),
      body,
      signal,
    });
  } catch (error) {
    // Aborted (the timeout): rejected with the signal's reason, as fetch is.
    if (signal?.aborted) throw signal.reason;
    throw fetchFailed(error);
  }
  const { statusCode: status } = answer;
  if (status >= 300 && status < 400 && init?.redirect === 'error') {
    await answer.body.dump().catch(() => undefined);
    throw fetchFailed(new Error('unexpected redirect'));
  }
  let text: string;
  try {
    text = await answer.body.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw fetchFailed(error);
  }
  return new LeanResponse(
    url,
    status,
    answer.headers,
    NULL_BODY.has(status) ? '' : text,
  ) as unknown as Response;
};

/**
 * A Response's headers as the Web API clients read them (`get`, `has`, `entries`, iteration): undici's own record,
 * not copied into a WHATWG Headers.
 */
class LeanHeaders {
  readonly #raw: HttpAnswer['headers'];
  constructor(raw: HttpAnswer['headers']) {
    this.#raw = raw;
  }
  get(name: string): string | null {
    const value = this.#raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.#raw[name.toLowerCase()] !== undefined;
  }
  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.#raw).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }
  keys(): IterableIterator<string> {
    return Array.from(this.entries(), ([name]) => name).values();
  }
  values(): IterableIterator<string> {
    return Array.from(this.entries(), ([, value]) => value).values();
  }
  forEach(callback: (value: string, name: string, headers: this) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * What leanFetch answers: the parts of a Response the Web API clients read (status, headers, url, and the body
 * once, as text, JSON or bytes), over the body undici has already read. A WHATWG Response, with its Headers and a
 * ReadableStream over the text, cost about 0.1 ms of CPU a call more, and garbage to collect (issue #25).
 */
class LeanResponse {
  readonly type = 'default';
  readonly redirected = false;
  readonly statusText = '';
  readonly headers: LeanHeaders;
  #text: string | null;
  constructor(
    readonly url: string,
    readonly status: number,
    headers: HttpAnswer['headers'],
    text: string,
  ) {
    this.headers = new LeanHeaders(headers);
    this.#text = text;
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get bodyUsed(): boolean {
    return this.#text === null;
  }
  /** The body, once: read again, it rejects as a Response's does. */
  async text(): Promise<string> {
    const text = this.#text;
    if (text === null) throw new TypeError('Body is unusable: Body has already been read');
    this.#text = null;
    return text;
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}
