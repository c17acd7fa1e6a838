// One form POST over node:http(s), what the broadcast caller sends through (keep-alive through Node's global
// agents). Not fetch: a WHATWG Request and Response, their body streams and the finalizers that release them
// outlive each call by a garbage collection or two, so at a campaign's pace most of what a call allocated was
// promoted to the old generation (over half of all promoted bytes in a 20,000-person run), and V8 let the heap
// grow to about four times what it holds between collections (issue #27: 275 MB peak, 232 MB without).
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TLSSocket } from 'node:tls';

/** A connection not made in this long is given up: nothing was sent (fetch's own connect timeout). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** The code of that error, beside Node's own (ECONNREFUSED, ENOTFOUND…). */
export const CONNECT_TIMEOUT = 'CONNECT_TIMEOUT';

export interface HttpAnswer {
  readonly status: number;
  /** A response header, or null. */
  header(name: string): string | null;
  /** The whole body as text; rejects when the connection fails, or the signal aborts, before its end. */
  text(): Promise<string>;
  /** The body is not wanted: read and dropped, so the connection can serve the next call. */
  discard(): void;
}

/**
 * POSTs `body` (form-encoded) to `url`. Rejects as Node's requests do: an error with a `code` (ECONNREFUSED,
 * ECONNRESET…, or CONNECT_TIMEOUT), or an AbortError once `signal` aborts, which also ends a body half read.
 */
export function postForm(
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        },
        signal,
      },
      (res) => resolve(answerOf(res)),
    );
    req.on('error', reject);
    req.on('socket', (socket) => {
      // A kept-alive connection is already made; a new one has CONNECT_TIMEOUT_MS (TLS handshake included).
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error('connect timeout'), { code: CONNECT_TIMEOUT }));
      }, CONNECT_TIMEOUT_MS);
      const connected = () => clearTimeout(timer);
      socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', connected);
      socket.once('close', connected);
    });
    req.end(body);
  });
}

function answerOf(res: IncomingMessage): HttpAnswer {
  return {
    status: res.statusCode ?? 0,
    header(name) {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    text: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.once('error', reject);
        // Closed before its end without an error of its own (the request destroyed, the peer gone).
        res.once('close', () => {
          if (!res.complete) reject(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' }));
        });
      }),
    discard() {
      res.on('error', () => undefined);
      res.resume();
    },
  };
}
