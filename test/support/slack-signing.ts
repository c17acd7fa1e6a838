// Requests signed as Slack signs them (v0 HMAC-SHA256), posted to a Bolt HTTP receiver.
import { createHmac } from 'node:crypto';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json';

/** `v0=` + hex HMAC-SHA256 of `v0:${timestamp}:${rawBody}` keyed by the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** Seconds since the epoch, as Slack puts in X-Slack-Request-Timestamp. */
export function slackTimestamp(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / 1000);
}

export interface SignedRequestOptions {
  /** Defaults to now; set it 301+ seconds back to test the replay window. */
  readonly timestamp?: number;
  /** Replaces the computed signature (a bad-signature test). */
  readonly signature?: string;
  /** Signs with this secret instead of the receiver's. */
  readonly signingSecret?: string;
  /** Extra headers, e.g. X-Slack-Retry-Num. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SignedResponse {
  readonly status: number;
  readonly body: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
  readonly headers: Headers;
  /** From sending the request to receiving the whole response. */
  readonly elapsedMs: number;
}

/** POST a raw body with Slack's signature headers. The body is signed exactly as sent. */
export async function postSigned(
  url: string,
  signingSecret: string,
  rawBody: string,
  contentType: string,
  options: SignedRequestOptions = {},
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? slackTimestamp();
  const signature =
    options.signature ?? signSlackRequest(options.signingSecret ?? signingSecret, timestamp, rawBody);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...options.headers,
    },
    body: rawBody,
  });
  const body = await response.text();
  const elapsedMs = performance.now() - started;
  let json: unknown;
  try {
    json = body === '' ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: response.status, body, json, headers: response.headers, elapsedMs };
}

/** A form body the way Slack encodes slash commands: `key=value&…`, percent-encoded. */
export function formBody(fields: Readonly<Record<string, string>>): string {
  return new URLSearchParams(fields).toString();
}

/** An interaction body: one form field `payload` holding the JSON. */
export function payloadBody(payload: unknown): string {
  return formBody({ payload: JSON.stringify(payload) });
}
