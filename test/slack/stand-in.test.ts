// The Slack Web API stand-in, driven by the real @slack/web-api WebClient (as Bolt's `client` is).
import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRecordedCall } from '../support/block-kit-limits.js';
import { type SlackStandIn, type StandInOptions, startSlackStandIn } from '../support/slack-stand-in.js';

const { WebClient, WebAPIPlatformError, WebAPIRateLimitedError, LogLevel } = webApi;

const PEOPLE = [
  { id: 'U001', name: 'ada', realName: 'Ada Lovelace', email: 'Ada@example.edu' },
  { id: 'U002', name: 'alan', email: 'alan@example.edu' },
  { id: 'U003', name: 'grace', email: null },
  { id: 'U004', name: 'edsger', email: 'edsger@example.edu' },
  { id: 'U005', name: 'barbara', email: 'barbara@example.edu' },
];

let standIn: SlackStandIn;

async function start(options: StandInOptions = {}) {
  standIn = await startSlackStandIn({ users: PEOPLE, ...options });
  return standIn;
}

function webClient(options: ConstructorParameters<typeof WebClient>[1] = {}, token = 'xoxb-test') {
  return new WebClient(token, {
    slackApiUrl: standIn.url,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 },
    ...options,
  });
}

async function platformError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as InstanceType<typeof WebAPIPlatformError>).data.error;
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await standIn.close();
});

describe('Slack stand-in', () => {
  it('serves slackApiUrl ending in /api/ and answers auth.test with the bot identity', async () => {
    expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const result = await webClient().auth.test();
    expect(result).toMatchObject({
      ok: true,
      user_id: standIn.botUserId,
      bot_id: standIn.botId,
      team_id: standIn.teamId,
    });
    expect(standIn.calls).toMatchObject([{ method: 'auth.test', token: 'xoxb-test', ok: true, status: 200 }]);
  });

  it('records chat.postMessage form arguments with blocks decoded, and answers with channel and ts', async () => {
    const client = webClient();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Your deadline is *30 June*.' } }];
    const first = await client.chat.postMessage({
      channel: 'C0GENERAL',
      text: 'Your deadline is 30 June.',
      blocks,
    });
    const second = await client.chat.postMessage({
      channel: 'C0GENERAL',
      text: 'again',
      thread_ts: first.ts!,
    });
    expect(first.channel).toBe('C0GENERAL');
    expect(first.ts).toMatch(/^\d+\.\d{6}$/);
    expect(second.ts).not.toBe(first.ts);
    const [call] = standIn.callsTo('chat.postMessage');
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
    expect(call?.args).toEqual({ channel: 'C0GENERAL', text: 'Your deadline is 30 June.', blocks });
    expect(call?.token).toBe('xoxb-test');
    expect(standIn.callsTo('chat.postMessage')[1]?.args['thread_ts']).toBe(first.ts);
  });

  it('posts to a user id in their DM channel, the one conversations.open returns', async () => {
    const client = webClient();
    const posted = await client.chat.postMessage({ channel: 'U002', text: 'hello' });
    const opened = await client.conversations.open({ users: 'U002' });
    expect(posted.channel).toBe(standIn.dmChannelFor('U002'));
    expect(opened.channel?.id).toBe(standIn.dmChannelFor('U002'));
    expect(standIn.dmChannelFor('U001')).not.toBe(standIn.dmChannelFor('U002'));
  });

  it('looks people up in the programmed directory: users.info, users.lookupByEmail, users.list', async () => {
    const client = webClient();
    const info = await client.users.info({ user: 'U001' });
    expect(info.user).toMatchObject({
      id: 'U001',
      real_name: 'Ada Lovelace',
      profile: { email: 'Ada@example.edu' },
    });
    expect((await client.users.info({ user: 'U003' })).user?.profile?.email).toBeUndefined();
    expect(await platformError(client.users.info({ user: 'U999' }))).toBe('user_not_found');

    expect((await client.users.lookupByEmail({ email: 'ada@EXAMPLE.edu' })).user?.id).toBe('U001');
    expect(await platformError(client.users.lookupByEmail({ email: 'nobody@example.edu' }))).toBe(
      'users_not_found',
    );

    standIn.addUser({ id: 'U006', name: 'new', email: 'new@example.edu' });
    const ids: string[] = [];
    for await (const page of client.paginate('users.list', { limit: 2 })) {
      ids.push(...((page as { members?: { id: string }[] }).members ?? []).map((m) => m.id));
    }
    expect(ids).toEqual(['U001', 'U002', 'U003', 'U004', 'U005', 'U006']);
    expect(standIn.callsTo('users.list').map((c) => c.args['cursor'] !== undefined)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('answers ephemeral messages, updates and views', async () => {
    const client = webClient();
    const ephemeral = await client.chat.postEphemeral({
      channel: 'C0GENERAL',
      user: 'U001',
      text: 'only you',
    });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    const updated = await client.chat.update({ channel: 'C0GENERAL', ts: '1.000001', text: 'edited' });
    expect(updated).toMatchObject({ ok: true, channel: 'C0GENERAL', ts: '1.000001' });

    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi' } }],
    };
    const published = await client.views.publish({ user_id: 'U001', view: home });
    expect(published.view).toMatchObject({ type: 'home', id: expect.stringMatching(/^V/) });
    const modal = {
      type: 'modal' as const,
      callback_id: 'profile-check',
      title: { type: 'plain_text' as const, text: 'A short check' },
      blocks: [],
    };
    const opened = await client.views.open({ trigger_id: 'TR.1', view: modal });
    const viewId = opened.view?.id ?? '';
    const replaced = await client.views.update({
      view_id: viewId,
      view: { ...modal, title: { type: 'plain_text', text: 'Done' } },
    });
    expect(replaced.view).toMatchObject({ id: viewId, title: { text: 'Done' } });
    expect(standIn.callsTo('views.open')[0]?.args['view']).toEqual(modal);
    expect(await platformError(client.views.open({ trigger_id: '', view: modal }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('surfaces an injected Slack error as WebAPIPlatformError for the next N calls only', async () => {
    const client = webClient();
    standIn.failNext('chat.postMessage', 'channel_not_found', 2);
    expect(await platformError(client.chat.postMessage({ channel: 'C1', text: 'a' }))).toBe(
      'channel_not_found',
    );
    expect(await platformError(client.chat.postMessage({ channel: 'C1', text: 'b' }))).toBe(
      'channel_not_found',
    );
    await expect(client.chat.postMessage({ channel: 'C1', text: 'c' })).resolves.toMatchObject({ ok: true });
    expect(standIn.callsTo('chat.postMessage').map((c) => c.ok)).toEqual([false, false, true]);
  });

  it('fails only the given channel, for as long as told', async () => {
    const client = webClient();
    standIn.inject({
      method: 'chat.postMessage',
      channel: 'U002',
      times: Infinity,
      respond: { error: 'cannot_dm_bot' },
    });
    await expect(client.chat.postMessage({ channel: 'U001', text: 'hi' })).resolves.toMatchObject({
      ok: true,
    });
    expect(await platformError(client.chat.postMessage({ channel: 'U002', text: 'hi' }))).toBe(
      'cannot_dm_bot',
    );
    expect(await platformError(client.chat.postMessage({ channel: 'U002', text: 'again' }))).toBe(
      'cannot_dm_bot',
    );
    standIn.clearFaults();
    await expect(client.chat.postMessage({ channel: 'U002', text: 'hi' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('answers 429 with Retry-After, which the WebClient waits out and retries', async () => {
    const client = webClient();
    standIn.rateLimitNext('chat.postMessage', 1);
    const result = await client.chat.postMessage({ channel: 'C1', text: 'after the pause' });
    expect(result.ok).toBe(true);
    const [limited, retried] = standIn.callsTo('chat.postMessage');
    expect(limited).toMatchObject({ status: 429, ok: false });
    expect(retried).toMatchObject({ status: 200, ok: true, args: { text: 'after the pause' } });
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(950);
  });

  it('lets a client that rejects rate-limited calls see WebAPIRateLimitedError with retryAfter', async () => {
    const client = webClient({ rejectRateLimitedCalls: true });
    standIn.rateLimitNext('users.info', 7);
    const error = await client.users.info({ user: 'U001' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as InstanceType<typeof WebAPIRateLimitedError>).retryAfter).toBe(7);
  });

  it('applies a per-method rate limit over a sliding window', async () => {
    let clock = 1_000_000;
    await standIn.close();
    await start({
      now: () => clock,
      rateLimit: { calls: 3, windowMs: 60_000, methods: ['chat.postMessage'] },
    });
    const client = webClient({ rejectRateLimitedCalls: true });
    for (const text of ['1', '2', '3']) await client.chat.postMessage({ channel: 'C1', text });
    const error = await client.chat.postMessage({ channel: 'C1', text: '4' }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof WebAPIRateLimitedError>).retryAfter).toBe(60);
    await expect(client.users.info({ user: 'U001' })).resolves.toMatchObject({ ok: true });
    clock += 60_001;
    await expect(client.chat.postMessage({ channel: 'C1', text: '5' })).resolves.toMatchObject({ ok: true });
    expect(standIn.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 200, 200, 429, 200]);
  });

  it('rejects calls without a token, or with the wrong one when a token is set', async () => {
    await standIn.close();
    await start({ token: 'xoxb-right' });
    expect(await platformError(webClient({}, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
    expect(await platformError(webClient({}, '').auth.test())).toBe('not_authed');
    await expect(webClient({}, 'xoxb-right').auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('answers an unknown method with unknown_method', async () => {
    expect(await platformError(webClient().apiCall('chat.unfurlEverything', {}))).toBe('unknown_method');
  });

  it('accepts response_url posts as JSON, up to five uses of one URL', async () => {
    const url = standIn.responseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `reply ${i}`, replace_original: false }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(standIn.responsesTo(url)[0]).toMatchObject({
      method: 'response_url',
      args: { text: 'reply 0', replace_original: false },
      ok: true,
    });
    expect(standIn.responsesTo(standIn.responseUrl())).toEqual([]);
  });

  it('waitFor resolves on a later call without sleeping, and times out naming the calls seen', async () => {
    const client = webClient();
    const waiting = standIn.waitForCall('chat.postMessage', (c) => c.args['text'] === 'second');
    await client.chat.postMessage({ channel: 'C1', text: 'first' });
    void client.chat.postMessage({ channel: 'C1', text: 'second' });
    await expect(waiting).resolves.toMatchObject({ args: { text: 'second' } });
    await expect(standIn.waitFor((calls) => calls.length > 10, 50)).rejects.toThrow(
      /within 50 ms; calls seen: chat\.postMessage, chat\.postMessage/,
    );
  });

  it('gives every recorded message and view to the Block Kit limit check', async () => {
    const client = webClient();
    await client.chat.postMessage({ channel: 'C1', text: 'fine', blocks: [{ type: 'divider' }] });
    await client.chat.postMessage({
      channel: 'C1',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }],
    });
    await client.views.publish({
      user_id: 'U001',
      view: { type: 'home', blocks: [], private_metadata: 'm'.repeat(3001) },
    });
    const violations = standIn.calls.map((c) => checkRecordedCall(c.method, c.args));
    expect(violations).toEqual([
      [],
      [
        'text: missing; a message with blocks needs a top-level text for notifications and screen readers',
        'blocks[0].text.text: 151 characters, the limit is 150',
      ],
      ['view.private_metadata: 3001 characters, the limit is 3000'],
    ]);
  });
});
