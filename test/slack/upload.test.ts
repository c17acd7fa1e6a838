// Uploading a file (the report chart, the CSV) through the real WebClient to the Web API stand-in: the three
// steps in order with the documented fields and the exact bytes, and each failure named by its step and code.
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFileUploader,
  type FileUploaderDeps,
  SlackUploadError,
  UPLOAD_URL_STEP,
} from '../../src/slack/web-api/upload.js';
import { type SlackStandIn, startSlackStandIn, UPLOAD_URL_METHOD } from '../support/slack-stand-in.js';

const { WebClient, LogLevel } = webApi;
const ADMIN = { id: 'U0ADMIN', name: 'admin', email: 'admin@example.edu' };
// Every byte value, twice: nothing may be re-encoded on the way.
const BYTES = Buffer.from([
  ...Array.from({ length: 256 }, (_, i) => i),
  ...Array.from({ length: 256 }, (_, i) => i),
]);

let standIn: SlackStandIn;

beforeEach(async () => {
  standIn = await startSlackStandIn({ users: [ADMIN], token: 'xoxb-test' });
});

afterEach(async () => {
  await standIn.close();
});

function uploader(deps: Partial<FileUploaderDeps> = {}) {
  const client = new WebClient('xoxb-test', {
    slackApiUrl: standIn.url,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });
  return createFileUploader({ client, ...deps });
}

async function failure(promise: Promise<unknown>): Promise<SlackUploadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SlackUploadError);
  return error as SlackUploadError;
}

describe('createFileUploader', () => {
  it('gets an upload URL, posts the bytes to it, then completes and shares the file in the DM', async () => {
    const dm = standIn.dmChannelFor(ADMIN.id);
    const file = await uploader().upload({
      filename: 'completion-2021-05-27.png',
      bytes: BYTES,
      title: 'Training completion by group, 27 May 2021',
      altText: 'Completion rate per training group over its window',
      channelId: dm,
      message: { initialComment: 'Your completion report for *all departments*.' },
    });

    expect(standIn.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      UPLOAD_URL_METHOD,
      'files.completeUploadExternal',
    ]);
    const [getUrl, upload, complete] = standIn.calls;
    expect(getUrl).toMatchObject({
      ok: true,
      token: 'xoxb-test',
      args: {
        filename: 'completion-2021-05-27.png',
        length: String(BYTES.length),
        alt_txt: 'Completion rate per training group over its window',
      },
    });
    const fileId = getUrl?.response['file_id'];
    expect(fileId).toMatch(/^F/);
    // The upload URL is pre-signed: no token goes to it.
    expect(upload).toMatchObject({
      ok: true,
      token: undefined,
      args: { file_id: fileId, length: BYTES.length },
    });
    expect(standIn.uploadedFile(String(fileId))?.bytes?.equals(BYTES)).toBe(true);
    expect(complete).toMatchObject({
      ok: true,
      token: 'xoxb-test',
      args: {
        files: [{ id: fileId, title: 'Training completion by group, 27 May 2021' }],
        channel_id: dm,
        initial_comment: 'Your completion report for *all departments*.',
      },
    });
    expect(complete?.args).not.toHaveProperty('blocks');
    expect(standIn.uploadedFile(String(fileId))?.completed).toEqual({
      title: 'Training completion by group, 27 May 2021',
      channel: dm,
    });
    expect(file).toEqual({
      id: fileId,
      title: 'Training completion by group, 27 May 2021',
      permalink: expect.stringContaining(String(fileId)),
    });
  });

  it('shares with blocks instead of a comment, and titles the file by its name when given no title', async () => {
    const blocks = [
      { type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'The report as CSV.' } },
    ];
    await uploader().upload({
      filename: 'completion.csv',
      bytes: Buffer.from('group,department\n'),
      channelId: 'D00000001',
      message: { blocks },
    });
    const [complete] = standIn.callsTo('files.completeUploadExternal');
    expect(complete?.args).toMatchObject({
      files: [{ title: 'completion.csv' }],
      channel_id: 'D00000001',
      blocks,
    });
    expect(complete?.args).not.toHaveProperty('initial_comment');
  });

  it('without a conversation, completes the upload without sharing it (for an image block to use)', async () => {
    const file = await uploader().upload({ filename: 'chart.png', bytes: BYTES });
    const [complete] = standIn.callsTo('files.completeUploadExternal');
    expect(complete?.args).toEqual({ files: [{ id: file.id, title: 'chart.png' }] });
    expect(standIn.uploadedFile(file.id)?.completed).toEqual({ title: 'chart.png', channel: undefined });
  });

  it.each([
    ['files.getUploadURLExternal', 'file_uploads_disabled', ['files.getUploadURLExternal']],
    [
      'files.completeUploadExternal',
      'not_in_channel',
      ['files.getUploadURLExternal', UPLOAD_URL_METHOD, 'files.completeUploadExternal'],
    ],
  ] as const)(
    'a Slack error from %s is a SlackUploadError naming the method and %s',
    async (method, code, seen) => {
      standIn.failNext(method, code);
      const error = await failure(
        uploader().upload({ filename: 'chart.png', bytes: BYTES, channelId: 'D00000001' }),
      );
      expect(error).toMatchObject({ method, slackError: code });
      expect(error.message).toBe(`${method} failed: ${code}`);
      expect(standIn.calls.map((c) => c.method)).toEqual(seen);
    },
  );

  it('a failed POST of the bytes names the upload URL step and its HTTP status, and completes nothing', async () => {
    standIn.failNext(UPLOAD_URL_METHOD, 'internal_error');
    const error = await failure(uploader().upload({ filename: 'chart.png', bytes: BYTES }));
    expect(error).toMatchObject({ method: UPLOAD_URL_STEP, slackError: 'http_500' });
    expect(standIn.callsTo('files.completeUploadExternal')).toEqual([]);
  });

  it('gives up on a step that takes longer than the timeout, naming it', async () => {
    // A fetch that never answers until it is aborted.
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const started = Date.now();
    const error = await failure(
      uploader({ fetch: hanging, timeoutMs: 100 }).upload({ filename: 'a.png', bytes: BYTES }),
    );
    expect(error).toMatchObject({ method: UPLOAD_URL_STEP, slackError: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(standIn.callsTo('files.completeUploadExternal')).toEqual([]);
  });

  it('refuses an empty file before calling Slack', async () => {
    const error = await failure(uploader().upload({ filename: 'empty.csv', bytes: Buffer.alloc(0) }));
    expect(error).toMatchObject({ method: 'files.getUploadURLExternal', slackError: 'empty_file' });
    expect(standIn.calls).toEqual([]);
  });
});
