// A Slack Web API stand-in: a real HTTP server on 127.0.0.1 that records every call, for tests and benchmarks.
// Point a WebClient (or Bolt's `clientOptions.slackApiUrl`) at `url`; give requests a `responseUrl()`.
// File uploads: files.getUploadURLExternal hands out `/upload/<file id>` on this server; `uploadedFile(id)`.
// Faults (`inject`): Slack's error codes, 429s, and what a real workspace's network does: answers slower than
// the client waits (the call still takes effect), 5xx, hangs, dropped connections; each for a number of calls,
// every n-th call, and within a window of time. conversations.history answers from the messages posted.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UPLOAD_URL_STEP } from '../../src/slack/web-api/upload.js';
import { RESPONSE_URL_METHOD } from './block-kit-limits.js';

export { RESPONSE_URL_METHOD };
/** The `method` of a recorded POST of a file's bytes to its upload URL. */
export const UPLOAD_URL_METHOD = UPLOAD_URL_STEP;

export interface StandInUser {
  readonly id: string;
  readonly name?: string;
  readonly realName?: string;
  /** `null` for a user whose email is hidden or absent. */
  readonly email?: string | null;
  readonly tz?: string;
  readonly isBot?: boolean;
  readonly deleted?: boolean;
}

export interface RecordedCall {
  /**
   * The Web API method (`chat.postMessage`), `response_url` for a POST to a response URL, or `upload_url` for
   * a file's bytes (args: `file_id`, `length`).
   */
  readonly method: string;
  /** The arguments as the app meant them: form fields, with JSON-valued fields (blocks, view, …) decoded. */
  readonly args: Record<string, unknown>;
  /** Milliseconds since the epoch, from the stand-in's clock. */
  readonly at: number;
  /** The bearer token the call carried, if any. */
  readonly token: string | undefined;
  /** For `response_url` posts: the id in `/response/<id>`. */
  readonly responseUrlId: string | undefined;
  readonly contentType: string | undefined;
  readonly status: number;
  /** What the stand-in answered (for a 429: `{ ok: false, error: 'ratelimited' }`). */
  readonly response: Record<string, unknown>;
  readonly ok: boolean;
}

/** An answer to force instead of the normal one. */
export type FaultResponse =
  | { readonly retryAfterSeconds: number }
  | { readonly error: string }
  /** Does the call (it takes effect at once), then answers only this much later: Slack slower than a timeout. */
  | { readonly delayMs: number }
  /** This HTTP status (500, 502, 503, 504) and no effect. */
  | { readonly httpStatus: number }
  /** No answer and no effect; the connection stays open until the client gives up or the stand-in closes. */
  | { readonly hang: true }
  /** Closes the connection without an answer: `before` the call has any effect, or `after` doing it. */
  | { readonly drop: 'before' | 'after' };

/** A file as the stand-in holds it, from files.getUploadURLExternal to files.completeUploadExternal. */
export interface StandInFile {
  readonly id: string;
  readonly filename: string;
  /** The length files.getUploadURLExternal was told. */
  readonly length: number;
  readonly altText: string | undefined;
  /** What was POSTed to the upload URL (undefined until then). */
  readonly bytes: Buffer | undefined;
  /** Set by files.completeUploadExternal. */
  readonly completed: { readonly title: string; readonly channel: string | undefined } | undefined;
}

export interface Fault {
  readonly method: string;
  /** Only calls whose `channel` (or `user`/`users`) argument equals this. */
  readonly channel?: string;
  /**
   * How many matching calls get the fault; default 1 (Infinity when `forMs` is set), `Infinity` for all of
   * them until cleared.
   */
  readonly times?: number;
  /** Only every n-th matching call gets it (the n-th, the 2n-th, …); default 1. */
  readonly every?: number;
  /** It starts this long after `inject` (default at once)… */
  readonly afterMs?: number;
  /** …and ends this long after it started: a fault bounded in time. */
  readonly forMs?: number;
  readonly respond: FaultResponse;
}

export interface RateLimit {
  /** Calls allowed per method within each sliding window; further calls get HTTP 429. */
  readonly calls: number;
  readonly windowMs: number;
  /** Methods it applies to; all methods when omitted. */
  readonly methods?: readonly string[];
}

export interface StandInOptions {
  readonly users?: readonly StandInUser[];
  readonly teamId?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  /** When set, a call with another token fails with `invalid_auth`; a call without one always gets `not_authed`. */
  readonly token?: string;
  readonly rateLimit?: RateLimit;
  readonly now?: () => number;
  /**
   * False: a workspace (or client) without Slack's assistant surface. The `assistant.threads.*` methods answer
   * `invalid_thread_ts` (no such assistant thread) and a message with a `context_actions` block (Slack's
   * feedback buttons) is refused with `invalid_blocks`. Default true.
   */
  readonly assistantSurface?: boolean;
}

export interface SlackStandIn {
  /** Web API base URL, ending with `/api/`, for `slackApiUrl`. */
  readonly url: string;
  /** The server's origin, `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Every call so far, in arrival order (including faulted ones). */
  readonly calls: readonly RecordedCall[];
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** Calls to one method, in order. */
  callsTo(method: string): RecordedCall[];
  /** A fresh response URL on this stand-in (`http://127.0.0.1:PORT/response/<id>`). */
  responseUrl(id?: string): string;
  /** Calls posted to one response URL. */
  responsesTo(responseUrl: string): RecordedCall[];
  /** A file handed an upload URL, by its id (`F…`). */
  uploadedFile(fileId: string): StandInFile | undefined;
  /** The DM channel id the stand-in uses for a user (stable for the life of the stand-in). */
  dmChannelFor(userId: string): string;
  addUser(user: StandInUser): void;
  removeUser(userId: string): void;
  inject(fault: Fault): void;
  /** The next `times` calls of `method` answer `ok: false` with `error`. */
  failNext(method: string, error: string, times?: number): void;
  /** The next `times` calls of `method` answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(method: string, retryAfterSeconds: number, times?: number): void;
  clearFaults(): void;
  setRateLimit(limit: RateLimit | undefined): void;
  /** See StandInOptions.assistantSurface. */
  setAssistantSurface(on: boolean): void;
  /**
   * Serves one more method (the Socket Mode stand-in adds `apps.connections.open`). With `token`, that method
   * accepts only that token (an app-level token, say) and answers `invalid_auth` to any other. `impl` may throw
   * `StandInError` to answer `ok: false`.
   */
  serve(
    method: string,
    impl: (args: Record<string, unknown>) => Record<string, unknown>,
    options?: { token?: string },
  ): void;
  /** Forget the recorded calls (faults, users and rate limit stay). */
  reset(): void;
  /**
   * Resolves with the predicate's first truthy value, re-checked on every call; rejects after `timeoutMs`
   * with the list of calls seen.
   */
  waitFor<T>(
    predicate: (calls: readonly RecordedCall[]) => T | undefined | null | false,
    timeoutMs?: number,
  ): Promise<T>;
  /** The first call to `method` (matching `match`, if given), waiting for it if need be. */
  waitForCall(
    method: string,
    match?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  close(): Promise<void>;
}

// Fields @slack/web-api JSON-encodes into a form value; everything else stays a string as sent.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'files']);
const RESPONSE_URL_MAX_USES = 5;
const DEFAULT_PAGE_SIZE = 100;

class SlackApiError extends Error {
  constructor(readonly slackError: string) {
    super(slackError);
  }
}

/** Thrown by a method `serve`d on the stand-in: the call answers `{ ok: false, error }`. */
export { SlackApiError as StandInError };

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (raw === '') return {};
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new SlackApiError('invalid_json');
    return parsed as Record<string, unknown>;
  }
  if (type === 'application/x-www-form-urlencoded') {
    const args: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      if (JSON_FIELDS.has(key)) {
        try {
          args[key] = JSON.parse(value);
        } catch {
          throw new SlackApiError(`invalid_${key}`);
        }
      } else {
        args[key] = value;
      }
    }
    return args;
  }
  throw new SlackApiError('invalid_form_data');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function faultTarget(args: Record<string, unknown>): string[] {
  return [args['channel'], args['user'], args['user_id'], ...String(args['users'] ?? '').split(',')].filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );
}

export async function startSlackStandIn(options: StandInOptions = {}): Promise<SlackStandIn> {
  const now = options.now ?? Date.now;
  const teamId = options.teamId ?? 'T0STANDIN';
  const botUserId = options.botUserId ?? 'U0BOTUSER';
  const botId = options.botId ?? 'B0BOT';
  const users = new Map<string, StandInUser>((options.users ?? []).map((u) => [u.id, u]));
  const calls: RecordedCall[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let faults: { fault: Fault; remaining: number; from: number; until: number; seen: number }[] = [];
  /** Messages posted, per channel, oldest first: what conversations.history answers from. */
  const history = new Map<string, Record<string, unknown>[]>();
  const held = new Set<ServerResponse>();
  let rateLimit = options.rateLimit;
  let assistantSurface = options.assistantSurface ?? true;
  const requireSurface = () => {
    if (!assistantSurface) throw new SlackApiError('invalid_thread_ts');
  };
  /** Without the surface, Slack's feedback buttons are blocks the workspace does not take. */
  const refuseAssistantBlocks = (args: Record<string, unknown>) => {
    const blocks = args['blocks'];
    const raw = typeof blocks === 'string' ? blocks : JSON.stringify(blocks ?? []);
    if (!assistantSurface && /"type"\s*:\s*"context_actions"/.test(raw))
      throw new SlackApiError('invalid_blocks');
  };
  const windowCalls = new Map<string, number[]>();
  const dmChannels = new Map<string, string>();
  const responseUrlUses = new Map<string, number>();
  const files = new Map<string, StandInFile>();
  let sequence = 0;
  let nextId = 0;

  const nextTs = () => {
    sequence += 1;
    return `${Math.floor(now() / 1000)}.${String(sequence).padStart(6, '0')}`;
  };
  const dmChannelFor = (userId: string) => {
    let channel = dmChannels.get(userId);
    if (!channel) {
      channel = `D${String(dmChannels.size + 1).padStart(8, '0')}`;
      dmChannels.set(userId, channel);
    }
    return channel;
  };
  // Posting to a user id lands in the app's DM with them; Slack answers with that DM's channel id.
  const resolveChannel = (channel: string) => (/^[UW]/.test(channel) ? dmChannelFor(channel) : channel);

  const userJson = (u: StandInUser) => ({
    id: u.id,
    team_id: teamId,
    name: u.name ?? u.id.toLowerCase(),
    real_name: u.realName ?? u.name ?? u.id,
    deleted: u.deleted ?? false,
    is_bot: u.isBot ?? false,
    is_app_user: false,
    tz: u.tz ?? 'America/New_York',
    profile: {
      real_name: u.realName ?? u.name ?? u.id,
      display_name: u.name ?? '',
      ...(u.email ? { email: u.email } : {}),
    },
  });

  const botMessage = (args: Record<string, unknown>, ts: string) => ({
    type: 'message',
    user: botUserId,
    bot_id: botId,
    ts,
    text: args['text'] ?? '',
    ...(args['blocks'] !== undefined ? { blocks: args['blocks'] } : {}),
  });

  const viewJson = (args: Record<string, unknown>, id?: string) => {
    const view = args['view'];
    if (typeof view !== 'object' || view === null) throw new SlackApiError('invalid_arguments');
    nextId += 1;
    return {
      ...(view as Record<string, unknown>),
      id: id ?? `V${String(nextId).padStart(8, '0')}`,
      team_id: teamId,
      hash: `${Math.floor(now() / 1000)}.${nextId}`,
      app_id: 'A0STANDIN',
      bot_id: botId,
    };
  };

  const requireArg = (args: Record<string, unknown>, name: string, error = 'invalid_arguments') => {
    const value = str(args[name]);
    if (value === undefined) throw new SlackApiError(error);
    return value;
  };

  const methodTokens = new Map<string, string>();
  const methods: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({
      url: 'https://stand-in.slack.test/',
      team: 'Stand-in Workspace',
      user: 'harassment-training',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    'users.info': (args) => {
      const user = users.get(requireArg(args, 'user', 'user_not_found'));
      if (!user) throw new SlackApiError('user_not_found');
      return { user: userJson(user) };
    },
    'users.lookupByEmail': (args) => {
      const email = requireArg(args, 'email', 'users_not_found').toLowerCase();
      const user = [...users.values()].find((u) => u.email?.toLowerCase() === email);
      if (!user) throw new SlackApiError('users_not_found');
      return { user: userJson(user) };
    },
    'users.list': (args) => {
      const limit = Number(args['limit'] ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE;
      const cursor = str(args['cursor']);
      let offset = 0;
      if (cursor !== undefined) {
        const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
        if (!match) throw new SlackApiError('invalid_cursor');
        offset = Number(match[1]);
      }
      const all = [...users.values()];
      const page = all.slice(offset, offset + limit);
      const next =
        offset + limit < all.length ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
      return {
        members: page.map(userJson),
        cache_ts: Math.floor(now() / 1000),
        response_metadata: { next_cursor: next },
      };
    },
    'conversations.open': (args) => {
      const ids = String(args['users'] ?? '')
        .split(',')
        .filter((id) => id !== '');
      if (ids.length === 0) {
        const channel = str(args['channel']);
        if (channel === undefined) throw new SlackApiError('users_list_not_supplied');
        return { channel: { id: channel } };
      }
      if (ids.length > 1) return { channel: { id: `G${ids.join('').slice(0, 8)}`, is_mpim: true } };
      const [id] = ids as [string];
      return { channel: { id: dmChannelFor(id), is_im: true, user: id } };
    },
    'chat.postMessage': (args) => {
      const channel = resolveChannel(requireArg(args, 'channel', 'channel_not_found'));
      refuseAssistantBlocks(args);
      if (
        str(args['text']) === undefined &&
        args['blocks'] === undefined &&
        args['attachments'] === undefined
      ) {
        throw new SlackApiError('no_text');
      }
      const ts = nextTs();
      const message = botMessage(args, ts);
      const posted = history.get(channel) ?? [];
      posted.push({ ...message, ...(args['metadata'] !== undefined ? { metadata: args['metadata'] } : {}) });
      history.set(channel, posted);
      return { channel, ts, message };
    },
    'conversations.history': (args) => {
      const channel = requireArg(args, 'channel', 'channel_not_found');
      const oldest = Number(args['oldest'] ?? 0);
      const limit = Math.min(999, Number(args['limit'] ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE);
      const withMetadata = args['include_all_metadata'] === 'true' || args['include_all_metadata'] === true;
      const cursor = str(args['cursor']);
      const offset = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64').toString('utf8'));
      if (!Number.isInteger(offset) || offset < 0) throw new SlackApiError('invalid_cursor');
      // Newest first, as Slack answers.
      const all = (history.get(channel) ?? [])
        .filter((m) => Number(m['ts']) >= oldest)
        .reverse()
        .map(({ metadata, ...m }) => (withMetadata && metadata !== undefined ? { ...m, metadata } : m));
      const page = all.slice(offset, offset + limit);
      const more = offset + limit < all.length;
      return {
        messages: page,
        has_more: more,
        response_metadata: {
          next_cursor: more ? Buffer.from(String(offset + limit)).toString('base64') : '',
        },
      };
    },
    'chat.postEphemeral': (args) => {
      requireArg(args, 'channel', 'channel_not_found');
      requireArg(args, 'user', 'user_not_found');
      if (
        str(args['text']) === undefined &&
        args['blocks'] === undefined &&
        args['attachments'] === undefined
      ) {
        throw new SlackApiError('no_text');
      }
      return { message_ts: nextTs() };
    },
    'chat.update': (args) => {
      const channel = resolveChannel(requireArg(args, 'channel', 'channel_not_found'));
      const ts = requireArg(args, 'ts', 'message_not_found');
      refuseAssistantBlocks(args);
      return { channel, ts, text: args['text'] ?? '', message: botMessage(args, ts) };
    },
    'files.getUploadURLExternal': (args) => {
      const filename = requireArg(args, 'filename');
      const length = Number(args['length']);
      // Slack answers missing_argument for a length of 0.
      if (!Number.isInteger(length) || length <= 0) throw new SlackApiError('missing_argument');
      nextId += 1;
      const id = `F${String(nextId).padStart(8, '0')}`;
      files.set(id, {
        id,
        filename,
        length,
        altText: str(args['alt_txt']),
        bytes: undefined,
        completed: undefined,
      });
      return { upload_url: `${origin}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (args) => {
      const list = args['files'];
      if (!Array.isArray(list) || list.length === 0) throw new SlackApiError('invalid_arguments');
      const channelArg = str(args['channel_id']);
      const channel = channelArg === undefined ? undefined : resolveChannel(channelArg);
      const done = list.map((entry: unknown) => {
        const { id, title } = (entry ?? {}) as { id?: unknown; title?: unknown };
        const file = typeof id === 'string' ? files.get(id) : undefined;
        if (!file) throw new SlackApiError('file_not_found');
        // Slack's own answer when the bytes never arrived at the upload URL.
        if (file.bytes === undefined) throw new SlackApiError('upload_not_found');
        return { file, title: typeof title === 'string' && title !== '' ? title : file.filename };
      });
      for (const { file, title } of done) files.set(file.id, { ...file, completed: { title, channel } });
      return {
        files: done.map(({ file, title }) => ({
          id: file.id,
          name: file.filename,
          title,
          size: file.bytes?.length ?? 0,
          permalink: `https://stand-in.slack.test/files/${botUserId}/${file.id}/${file.filename}`,
          ...(channel ? { channels: [channel] } : {}),
        })),
      };
    },
    // Slack's assistant thread (the split view): each call names the thread by its DM channel and ts.
    'assistant.threads.setStatus': (args) => {
      requireSurface();
      requireArg(args, 'channel_id', 'channel_not_found');
      requireArg(args, 'thread_ts', 'invalid_thread_ts');
      if (str(args['status']) === undefined) throw new SlackApiError('invalid_arguments');
      return {};
    },
    'assistant.threads.setTitle': (args) => {
      requireSurface();
      requireArg(args, 'channel_id', 'channel_not_found');
      requireArg(args, 'thread_ts', 'invalid_thread_ts');
      requireArg(args, 'title');
      return {};
    },
    'assistant.threads.setSuggestedPrompts': (args) => {
      requireSurface();
      requireArg(args, 'channel_id', 'channel_not_found');
      requireArg(args, 'thread_ts', 'invalid_thread_ts');
      const raw = args['prompts'];
      const prompts: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
      if (!Array.isArray(prompts) || prompts.length === 0 || prompts.length > 4)
        throw new SlackApiError('invalid_arguments');
      for (const p of prompts) {
        const { title, message } = (p ?? {}) as { title?: unknown; message?: unknown };
        if (typeof title !== 'string' || title === '' || typeof message !== 'string' || message === '')
          throw new SlackApiError('invalid_arguments');
      }
      return {};
    },
    'views.publish': (args) => {
      requireArg(args, 'user_id', 'user_not_found');
      return { view: viewJson(args) };
    },
    'views.open': (args) => {
      requireArg(args, 'trigger_id', 'invalid_trigger_id');
      return { view: viewJson(args) };
    },
    'views.update': (args) => {
      const viewId = str(args['view_id']) ?? str(args['external_id']);
      if (viewId === undefined) throw new SlackApiError('not_found');
      return { view: viewJson(args, viewId) };
    },
  };

  const takeFault = (method: string, args: Record<string, unknown>): FaultResponse | undefined => {
    const targets = faultTarget(args);
    const t = now();
    faults = faults.filter((f) => f.remaining > 0 && t < f.until);
    for (const entry of faults) {
      const { fault } = entry;
      if (t < entry.from || fault.method !== method) continue;
      if (fault.channel !== undefined && !targets.includes(fault.channel)) continue;
      entry.seen += 1;
      if (entry.seen % (fault.every ?? 1) !== 0) continue;
      entry.remaining -= 1;
      return fault.respond;
    }
    return undefined;
  };
  const addFault = (fault: Fault) => {
    const from = now() + (fault.afterMs ?? 0);
    const until = fault.forMs === undefined ? Number.POSITIVE_INFINITY : from + fault.forMs;
    const remaining = fault.times ?? (fault.forMs === undefined ? 1 : Number.POSITIVE_INFINITY);
    faults.push({ fault, remaining, from, until, seen: 0 });
  };

  const overRateLimit = (method: string): number | undefined => {
    if (!rateLimit || (rateLimit.methods && !rateLimit.methods.includes(method))) return undefined;
    const t = now();
    const recent = (windowCalls.get(method) ?? []).filter((at) => at > t - rateLimit!.windowMs);
    if (recent.length >= rateLimit.calls) {
      windowCalls.set(method, recent);
      const oldest = recent[0] ?? t;
      return Math.max(1, Math.ceil((oldest + rateLimit.windowMs - t) / 1000));
    }
    recent.push(t);
    windowCalls.set(method, recent);
    return undefined;
  };

  const send = (res: ServerResponse, status: number, body: Record<string, unknown>, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = await readBody(req);
    const uploadMatch = /^\/upload\/([\w-]+)$/.exec(path);
    if (req.method === 'POST' && uploadMatch) {
      handleUpload(res, uploadMatch[1] as string, body, req.headers['content-type']);
      return;
    }
    const raw = body.toString('utf8');
    const apiMatch = /^\/api\/([\w.]+)$/.exec(path);
    const responseMatch = /^\/response\/([\w-]+)$/.exec(path);
    if (req.method !== 'POST' || (!apiMatch && !responseMatch)) {
      send(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    const method = apiMatch ? (apiMatch[1] as string) : RESPONSE_URL_METHOD;
    const responseUrlId = responseMatch?.[1];
    const contentType = req.headers['content-type'];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    let args: Record<string, unknown> = {};
    let status = 200;
    let response: Record<string, unknown>;
    let headers: Record<string, string> = {};
    /** How the answer goes out: at once, later, never, or by closing the connection. */
    let delivery: { kind: 'now' } | { kind: 'later'; ms: number } | { kind: 'hang' } | { kind: 'drop' } = {
      kind: 'now',
    };
    try {
      args = parseBody(raw, contentType);
      const token = bearer ?? str(args['token']);
      const expectedToken = methodTokens.get(method) ?? options.token;
      const fault = takeFault(method, args);
      const retryAfter =
        fault && 'retryAfterSeconds' in fault ? fault.retryAfterSeconds : overRateLimit(method);
      const noEffect =
        fault !== undefined &&
        ('httpStatus' in fault || 'hang' in fault || ('drop' in fault && fault.drop === 'before'));
      if (fault && 'delayMs' in fault) delivery = { kind: 'later', ms: fault.delayMs };
      if (fault && 'drop' in fault) delivery = { kind: 'drop' };
      if (fault && 'hang' in fault) delivery = { kind: 'hang' };
      if (retryAfter !== undefined) {
        status = 429;
        headers = { 'retry-after': String(retryAfter) };
        response = { ok: false, error: 'ratelimited' };
      } else if (fault && 'httpStatus' in fault) {
        status = fault.httpStatus;
        response = { ok: false, error: `http_${fault.httpStatus}` };
      } else if (noEffect) {
        status = 0;
        response = { ok: false, error: 'no_answer' };
      } else if (fault && 'error' in fault) {
        response = { ok: false, error: fault.error };
      } else if (responseUrlId !== undefined) {
        const uses = (responseUrlUses.get(responseUrlId) ?? 0) + 1;
        responseUrlUses.set(responseUrlId, uses);
        if (uses > RESPONSE_URL_MAX_USES) {
          status = 404;
          response = { ok: false, error: 'used_url' };
        } else {
          response = { ok: true };
        }
      } else if (token === undefined) {
        response = { ok: false, error: 'not_authed' };
      } else if (expectedToken !== undefined && token !== expectedToken) {
        response = { ok: false, error: 'invalid_auth' };
      } else {
        const impl = methods[method];
        if (!impl) throw new SlackApiError('unknown_method');
        response = { ok: true, ...impl(args) };
      }
    } catch (error) {
      if (!(error instanceof SlackApiError) && !(error instanceof SyntaxError)) throw error;
      response = { ok: false, error: error instanceof SlackApiError ? error.slackError : 'invalid_json' };
    }
    const { token: _token, ...recordedArgs } = args;
    calls.push({
      method,
      args: recordedArgs,
      at: now(),
      token: bearer ?? str(args['token']),
      responseUrlId,
      contentType,
      status,
      response,
      ok: status === 200 && response['ok'] === true,
    });
    events.emit('call');
    switch (delivery.kind) {
      case 'now':
        send(res, status, response, headers);
        return;
      case 'later': {
        held.add(res);
        const timer = setTimeout(() => {
          held.delete(res);
          if (!res.destroyed) send(res, status, response, headers);
        }, delivery.ms);
        res.on('close', () => {
          clearTimeout(timer);
          held.delete(res);
        });
        return;
      }
      case 'hang':
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      case 'drop':
        req.socket.destroy();
        return;
      default:
        delivery satisfies never;
    }
  };

  // The upload URL takes the bytes raw (Slack also takes multipart; the app sends raw) and answers 200.
  const handleUpload = (
    res: ServerResponse,
    fileId: string,
    bytes: Buffer,
    contentType: string | undefined,
  ) => {
    const file = files.get(fileId);
    const fault = takeFault(UPLOAD_URL_METHOD, {});
    let status = 200;
    if (fault) status = 'retryAfterSeconds' in fault ? 429 : 500;
    else if (!file) status = 404;
    else files.set(fileId, { ...file, bytes });
    const response: Record<string, unknown> =
      status === 200 ? { ok: true } : { ok: false, error: `http_${status}` };
    calls.push({
      method: UPLOAD_URL_METHOD,
      args: { file_id: fileId, length: bytes.length },
      at: now(),
      token: undefined,
      responseUrlId: undefined,
      contentType,
      status,
      response,
      ok: status === 200,
    });
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(status === 200 ? `OK - ${bytes.length}` : `error ${status}`);
    events.emit('call');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { ok: false, error: 'stand_in_failure', detail: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const waitFor = <T>(
    predicate: (calls: readonly RecordedCall[]) => T | undefined | null | false,
    timeoutMs = 5000,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = predicate(calls);
        if (value === undefined || value === null || value === false) return false;
        events.off('call', check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        events.off('call', check);
        const seen = calls.map((c) => `${c.method}${c.ok ? '' : ` (${String(c.response['error'])})`}`);
        reject(
          new Error(
            `waitFor: nothing matched within ${timeoutMs} ms; calls seen: ${seen.join(', ') || 'none'}`,
          ),
        );
      }, timeoutMs);
      if (!check()) events.on('call', check);
    });

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    teamId,
    botUserId,
    botId,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => {
      nextId += 1;
      return `${origin}/response/${id ?? `R${String(nextId).padStart(8, '0')}`}`;
    },
    responsesTo: (responseUrl) => {
      const id = responseUrl.split('/response/')[1];
      return calls.filter((c) => c.method === RESPONSE_URL_METHOD && c.responseUrlId === id);
    },
    dmChannelFor,
    uploadedFile: (fileId) => files.get(fileId),
    addUser: (user) => {
      users.set(user.id, user);
    },
    removeUser: (userId) => {
      users.delete(userId);
    },
    inject: addFault,
    failNext: (method, error, times = 1) => addFault({ method, respond: { error }, times }),
    rateLimitNext: (method, retryAfterSeconds, times = 1) =>
      addFault({ method, respond: { retryAfterSeconds }, times }),
    clearFaults: () => {
      faults = [];
    },
    setRateLimit: (limit) => {
      rateLimit = limit;
      windowCalls.clear();
    },
    setAssistantSurface: (on) => {
      assistantSurface = on;
    },
    serve: (method, impl, serveOptions = {}) => {
      methods[method] = impl;
      if (serveOptions.token !== undefined) methodTokens.set(method, serveOptions.token);
    },
    reset: () => {
      calls.length = 0;
      responseUrlUses.clear();
    },
    waitFor,
    waitForCall: (method, match = () => true, timeoutMs) =>
      waitFor((all) => all.find((c) => c.method === method && match(c)), timeoutMs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
