// Uploading a file to Slack the current way (files.upload is retired): files.getUploadURLExternal for an
// upload URL and a file id, the bytes POSTed to that URL, then files.completeUploadExternal to finish and,
// given a conversation, share it there. Each step is called on its own so its failure names it.
import { webApi } from '@slack/bolt';
import { AppError } from '../../errors.js';
import type { Block } from '../views/render.js';

/** The name a failure of the middle step carries: the POST of the bytes to the upload URL. */
export const UPLOAD_URL_STEP = 'upload_url';
export type UploadStep =
  | 'files.getUploadURLExternal'
  | typeof UPLOAD_URL_STEP
  | 'files.completeUploadExternal';

/**
 * A step of an upload failed. `slackError` is Slack's error code (`not_in_channel`, `file_uploads_disabled`), or
 * `ratelimited`, `http_<status>`, `network_error`, `timeout`, `invalid_response`.
 */
export class SlackUploadError extends AppError {
  static override readonly code = 'slack_upload_failed';
  static override readonly expected = true;
  override readonly name = 'SlackUploadError';
  constructor(
    readonly method: UploadStep,
    readonly slackError: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} failed: ${slackError}`, options);
  }
}

/** What the message sharing the file says: plain mrkdwn text, or blocks (Slack ignores blocks given both). */
export type UploadMessage =
  | { readonly initialComment: string; readonly blocks?: never }
  | { readonly blocks: readonly Block[]; readonly initialComment?: never };

export interface FileUpload {
  /** The file's name, with its extension (`completion-2021-05-27.png`): Slack infers the type from it. */
  readonly filename: string;
  readonly bytes: Uint8Array;
  /** Shown above the file; the filename when omitted. */
  readonly title?: string;
  /** For screen readers, for an image. */
  readonly altText?: string;
  /**
   * The conversation to share it in: a channel id, or a DM's `D…` id (from conversations.open; a user id is
   * not a channel). Omitted, the file stays private to the app until shared, as an image block can use it.
   */
  readonly channelId?: string;
  /** Reply in this thread (of `channelId`) instead of posting a new message. */
  readonly threadTs?: string;
  readonly message?: UploadMessage;
}

export interface UploadedFile {
  readonly id: string;
  readonly title: string;
  /** Slack's link to the file, when it gives one. */
  readonly permalink?: string;
}

/** The part of a WebClient (Bolt's `client`) an upload uses. */
export interface FilesClient {
  readonly files: Pick<webApi.WebClient['files'], 'getUploadURLExternal' | 'completeUploadExternal'>;
}

export interface FileUploaderDeps {
  readonly client: FilesClient;
  /** For the bytes; the global fetch by default. */
  readonly fetch?: typeof fetch;
  /** How long each of the three steps may take. */
  readonly timeoutMs?: number;
}

export interface FileUploader {
  upload(file: FileUpload): Promise<UploadedFile>;
}

export const DEFAULT_UPLOAD_TIMEOUT_MS = 30_000;

function codeOf(error: unknown): string {
  if (error instanceof webApi.WebAPIPlatformError) return String(error.data.error);
  if (error instanceof webApi.WebAPIRateLimitedError) return 'ratelimited';
  if (error instanceof webApi.WebAPIHTTPError) return `http_${error.statusCode}`;
  if (error instanceof webApi.WebAPIRequestError) return 'network_error';
  return 'unexpected_error';
}

async function step<T>(method: UploadStep, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>) {
  // The WebClient takes no per-call signal: the race bounds how long we wait, whatever it does meanwhile.
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new SlackUploadError(method, 'timeout'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } catch (error) {
    if (error instanceof SlackUploadError) throw error;
    throw new SlackUploadError(method, codeOf(error), { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

export function createFileUploader(deps: FileUploaderDeps): FileUploader {
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS;
  return {
    async upload(file) {
      if (file.bytes.length === 0) throw new SlackUploadError('files.getUploadURLExternal', 'empty_file');
      const title = file.title ?? file.filename;
      const target = await step('files.getUploadURLExternal', timeoutMs, () =>
        deps.client.files.getUploadURLExternal({
          filename: file.filename,
          length: file.bytes.length,
          // Slack's method reference names the field alt_txt (the SDK's type says alt_text).
          ...(file.altText ? { alt_txt: file.altText } : {}),
        }),
      );
      const uploadUrl = target.upload_url;
      const fileId = target.file_id;
      if (!uploadUrl || !fileId) throw new SlackUploadError('files.getUploadURLExternal', 'invalid_response');

      // The URL is pre-signed: it gets the bytes and no token.
      await step(UPLOAD_URL_STEP, timeoutMs, async (signal) => {
        const response = await doFetch(uploadUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: file.bytes,
          signal,
        }).catch((error: unknown) => {
          throw new SlackUploadError(UPLOAD_URL_STEP, 'network_error', { cause: error });
        });
        await response.body?.cancel();
        if (response.status !== 200) throw new SlackUploadError(UPLOAD_URL_STEP, `http_${response.status}`);
      });

      const message = file.message;
      const done = await step('files.completeUploadExternal', timeoutMs, () =>
        deps.client.files.completeUploadExternal({
          files: [{ id: fileId, title }],
          ...(file.channelId ? { channel_id: file.channelId } : {}),
          ...(file.channelId && file.threadTs ? { thread_ts: file.threadTs } : {}),
          ...(message?.initialComment !== undefined ? { initial_comment: message.initialComment } : {}),
          ...(message?.blocks !== undefined ? { blocks: [...message.blocks] } : {}),
        } as webApi.FilesCompleteUploadExternalArguments),
      );
      const completed = done.files?.find((f) => f.id === fileId);
      return {
        id: fileId,
        title: completed?.title ?? title,
        ...(completed?.permalink ? { permalink: completed.permalink } : {}),
      };
    },
  };
}
