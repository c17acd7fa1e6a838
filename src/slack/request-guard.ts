// In front of Bolt's HTTP receiver: requests it would mishandle are refused before it sees them. Bolt reads
// `body.ssl_check` of whatever the body parses to, so a signed `null` (or `[]`, `1`, `"x"`) threw outside any
// handler and stopped the process; and it refuses only timestamps more than five minutes in the past, so a
// request stamped an hour ahead could be replayed for an hour. Nothing here logs the body.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '@slack/bolt';

/** Slack's replay window, both ways: X-Slack-Request-Timestamp within five minutes of now. */
export const MAX_CLOCK_DIFFERENCE_S = 5 * 60;
/** Bolt's own limit (HTTPModuleFunctions.defaultBodyLimit). */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export const REFUSED_TIMESTAMP =
  'Refused a request whose X-Slack-Request-Timestamp is more than five minutes from now';
export const REFUSED_BODY = 'Refused a request whose body is not a JSON object';
export const REFUSED_TOO_LARGE = 'Refused a request body over 4 MB';

export interface RequestGuardOptions {
  /** Bolt's event endpoints (default `/slack/events`); other paths pass straight through. */
  endpoints?: readonly string[];
  logger: Pick<Logger, 'warn'>;
  now?: () => number;
}

type Verdict = { ok: true; rawBody: Buffer } | { ok: false; status: number; log: string };

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON's whitespace, which may come before the value. */
const JSON_SPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * What the JSON text parses to, as far as the guard needs it: `{}` standing for any object when the text begins
 * with `{` (valid JSON that does is an object, and invalid JSON is Bolt's to refuse either way), so the body of
 * every event is not parsed twice, here and by Bolt; anything else is parsed. Throws as JSON.parse does.
 */
function jsonKind(text: string): unknown {
  let i = 0;
  while (i < text.length && JSON_SPACE.has(text.charAt(i))) i++;
  return text.charAt(i) === '{' ? {} : JSON.parse(text);
}

/**
 * What Bolt's parseHTTPRequestBody would make of it (an object only as far as being one: see jsonKind); undefined
 * when it would not parse (Bolt answers 400).
 */
function parsedAsBolt(raw: string, contentType: string | undefined): { value: unknown } | undefined {
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const fields = parseQuery(raw);
      return typeof fields['payload'] === 'string'
        ? { value: jsonKind(fields['payload']) }
        : { value: fields };
    }
    return { value: jsonKind(raw) };
  } catch {
    return undefined;
  }
}

export function judgeRequest(headers: IncomingMessage['headers'], rawBody: Buffer, nowMs: number): Verdict {
  const contentType = headers['content-type'];
  const raw = rawBody.toString('utf8');
  const parsed = parsedAsBolt(raw, contentType);
  // Slack's ssl_check carries no timestamp or signature; Bolt answers it and strips anything else.
  const sslCheck =
    contentType === 'application/x-www-form-urlencoded' && parseQuery(raw)['ssl_check'] === '1';
  if (!sslCheck) {
    const stamp = Number(headers['x-slack-request-timestamp']);
    // A missing or malformed header is Bolt's to refuse (401), with its own message.
    if (Number.isFinite(stamp) && stamp - Math.floor(nowMs / 1000) > MAX_CLOCK_DIFFERENCE_S)
      return { ok: false, status: 401, log: REFUSED_TIMESTAMP };
  }
  if (parsed !== undefined) {
    const { value } = parsed;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { ok: false, status: 400, log: REFUSED_BODY };
  }
  return { ok: true, rawBody };
}

/** Wraps Bolt's request listener (HTTPReceiver.requestListener). */
export function guardRequests(listener: RequestListener, options: RequestGuardOptions): RequestListener {
  const endpoints = new Set(options.endpoints ?? ['/slack/events']);
  const now = options.now ?? Date.now;
  const refuse = (res: ServerResponse, status: number, log: string) => {
    options.logger.warn(log);
    res.writeHead(status);
    res.end();
  };
  return (req, res) => {
    // An endpoint's exact path (every request from Slack) is one without parsing a URL.
    const url = req.url ?? '/';
    const path = endpoints.has(url) ? url : new URL(url, 'http://localhost').pathname;
    if (req.method !== 'POST' || !endpoints.has(path)) {
      listener(req, res);
      return;
    }
    readBody(req).then(
      (body) => {
        if (body === null) {
          refuse(res, 413, REFUSED_TOO_LARGE);
          return;
        }
        const verdict = judgeRequest(req.headers, body, now());
        if (!verdict.ok) {
          refuse(res, verdict.status, verdict.log);
          return;
        }
        // Bolt reads a body already buffered as `rawBody` (bufferIncomingMessage) instead of the stream.
        Object.assign(req, { rawBody: verdict.rawBody });
        listener(req, res);
      },
      () => {
        if (!res.headersSent) refuse(res, 400, 'Refused a request whose body could not be read');
      },
    );
  };
}
