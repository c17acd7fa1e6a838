// The replies' own caller (a DM's answer, users.info, a button's answer) keeps what Bolt's WebClient gave them:
// a timeout per call, a retry budget in seconds, a 429 rejected at once with its Retry-After, and a post whose
// answer was not heard never sent again. Against the Web API stand-in on 127.0.0.1.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeSlackError, retryAfterOf } from '../../src/slack/send.js';
import {
  createReplyCaller,
  type RetryBudget,
  retryDelayMs,
  SlackCallError,
  UnheardCallError,
} from '../../src/slack/web-api/replies.js';
import { replyRetryBudget, WEB_API_RETRY } from '../../src/slack/web-client.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

const TOKEN = 'xoxb-replies';
const TIMEOUT_MS = 300;
const QUICK: RetryBudget = {
  retries: 2,
  factor: 2,
  minTimeout: 20,
  maxTimeout: 50,
  maxRetryTime: 2000,
  randomize: false,
};
const post = { channel: 'U0REPLY001', text: 'the answer' };

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

const close = (server: Server) => new Promise<void>((r) => server.close(() => r()));

describe('createReplyCaller', () => {
  let standIn: SlackStandIn;
  const told: string[] = [];
  const caller = (budget: RetryBudget = QUICK, apiUrl = standIn.url) =>
    createReplyCaller({
      token: TOKEN,
      apiUrl,
      timeoutMs: TIMEOUT_MS,
      retry: budget,
      onCallError: (method, code) => told.push(`${method} ${code}`),
    });
  beforeAll(async () => {
    standIn = await startSlackStandIn({ token: TOKEN });
  });
  afterAll(() => standIn.close());
  beforeEach(() => {
    standIn.clearFaults();
    standIn.reset();
    told.length = 0;
  });
  const posted = () => standIn.callsTo('chat.postMessage').filter((c) => c.ok);

  it("answers Slack's answer, and the message is posted once with its blocks (a JSON body)", async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'the answer & 100% ✓' } }];
    const answer = await caller().call('chat.postMessage', { ...post, blocks, thread_ts: undefined });
    expect(answer['ok']).toBe(true);
    expect(posted()).toHaveLength(1);
    expect(posted()[0]?.args).toEqual({ ...post, blocks });
    expect(posted()[0]?.contentType).toMatch(/^application\/json/);
    expect(told).toEqual([]);
  });

  it("a post whose answer is not read resolves with Slack's ok alone; an error in it is still told", async () => {
    expect(await caller().call('chat.postMessage', post, { read: false })).toEqual({ ok: true });
    expect(posted()).toHaveLength(1);
    standIn.failNext('chat.postMessage', 'not_in_channel');
    await expect(caller().call('chat.postMessage', post, { read: false })).rejects.toMatchObject({
      error: 'not_in_channel',
    });
    expect(told).toEqual(['chat.postMessage not_in_channel']);
  });

  it('sends a lookup as a form, which every method takes', async () => {
    standIn.addUser({ id: 'U0REPLY003', email: 'form@example.edu' });
    await caller().call('users.info', { user: 'U0REPLY003' });
    expect(standIn.callsTo('users.info')[0]?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
  });

  it('a post that times out is not sent again: rejected as unheard within the timeout, told once', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { delayMs: TIMEOUT_MS * 3 } });
    const started = Date.now();
    const failed = caller().call('chat.postMessage', post);
    await expect(failed).rejects.toBeInstanceOf(UnheardCallError);
    await expect(failed).rejects.toThrow(/chat\.postMessage got no answer \(timeout\).*not tried again/);
    expect(describeSlackError(await failed.catch((e: unknown) => e))).toMatch(
      /^slack_call_unheard \(UnheardCallError: chat\.postMessage got no answer \(timeout\)/,
    );
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 2);
    // It was in Slack all along: the person has their answer once.
    await standIn.waitFor(() => posted().length === 1 || undefined, 2000);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
    expect(told).toEqual(['chat.postMessage timeout']);
  });

  it.each([
    ['a connection dropped after the post took effect', 'after', 1],
    ['a connection dropped before it did', 'before', 0],
  ] as const)('%s: not sent again (the caller cannot tell which)', async (_name, drop, inSlack) => {
    standIn.inject({ method: 'chat.postMessage', respond: { drop } });
    const failed = caller().call('chat.postMessage', post);
    await expect(failed).rejects.toThrow(/got no answer \(connection_lost\)/);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
    expect(posted()).toHaveLength(inSlack);
  });

  it('a gateway 502 on a post is not sent again either: it may still be landing', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { httpStatus: 502 } });
    await expect(caller().call('chat.postMessage', post)).rejects.toBeInstanceOf(UnheardCallError);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a 503 on a post is tried again (Slack took nothing) and the answer arrives once', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { httpStatus: 503 } });
    await caller().call('chat.postMessage', post);
    expect(standIn.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
    expect(posted()).toHaveLength(1);
    expect(told).toEqual(['chat.postMessage http_503']);
  });

  it('a 500 on a post is not (it may have done part of the work), and says so by its code', async () => {
    standIn.inject({ method: 'chat.postMessage', respond: { httpStatus: 500 } });
    const failed = caller().call('chat.postMessage', post);
    await expect(failed).rejects.toMatchObject({ error: 'http_500', method: 'chat.postMessage' });
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a lookup that hangs is tried again (it changes nothing), within the budget', async () => {
    standIn.addUser({ id: 'U0REPLY002', email: 'reply@example.edu' });
    standIn.inject({ method: 'users.info', respond: { hang: true }, times: 2 });
    const answer = await caller().call('users.info', { user: 'U0REPLY002' });
    expect((answer['user'] as { profile: { email: string } }).profile.email).toBe('reply@example.edu');
    expect(standIn.callsTo('users.info')).toHaveLength(3);
    expect(told).toEqual(['users.info timeout', 'users.info timeout']);
  });

  it('gives a lookup up after its retries, and starts no try after maxRetryTime', async () => {
    standIn.inject({ method: 'users.info', respond: { hang: true }, times: Infinity });
    await expect(caller().call('users.info', { user: 'U0REPLY002' })).rejects.toMatchObject({
      error: 'timeout',
    });
    expect(standIn.callsTo('users.info')).toHaveLength(3);
    standIn.reset();
    const short = caller({ ...QUICK, retries: 10, maxRetryTime: TIMEOUT_MS + 100 });
    const started = Date.now();
    await expect(short.call('users.info', { user: 'U0REPLY002' })).rejects.toBeInstanceOf(SlackCallError);
    // The first try's timeout, one wait, the second's: the third would start past the budget.
    expect(standIn.callsTo('users.info')).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
  });

  it('a 429 is rejected at once with its Retry-After, for the call site to wait out (send.ts attempt)', async () => {
    standIn.rateLimitNext('chat.postMessage', 7);
    const error = await caller()
      .call('chat.postMessage', post)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackCallError);
    expect(retryAfterOf(error)).toBe(7);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
    expect(told).toEqual(['chat.postMessage ratelimited']);
  });

  it("Slack's error code is not retried, and is what the log says, never the message", async () => {
    standIn.failNext('chat.postMessage', 'channel_not_found');
    const error = await caller()
      .call('chat.postMessage', { ...post, text: 'zebra-secret-question' })
      .catch((e: unknown) => e);
    expect(describeSlackError(error)).toBe('channel_not_found');
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a connection refused never reached Slack: tried again, and the post arrives once', async () => {
    // A port nothing listens on at first; during the wait before the second try, a relay to the stand-in opens
    // on it.
    const probe = createServer();
    const port = await listen(probe);
    await close(probe);
    const open = new Set<Socket>();
    const relay = createServer((socket) => {
      open.add(socket);
      const upstream = connect(Number(new URL(standIn.url).port), '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    const refusedFirst = createReplyCaller({
      token: TOKEN,
      apiUrl: `http://127.0.0.1:${port}/api/`,
      timeoutMs: TIMEOUT_MS,
      retry: QUICK,
      onCallError: (method, code) => told.push(`${method} ${code}`),
      sleep: async () => {
        if (!relay.listening) await listen(relay, port);
      },
    });
    try {
      await refusedFirst.call('chat.postMessage', post);
      expect(told).toEqual(['chat.postMessage network_error']);
      expect(posted()).toHaveLength(1);
    } finally {
      for (const socket of open) socket.destroy();
      await close(relay);
    }
  });
});

describe('the retry budget', () => {
  it("is the WebClient's (WEB_API_RETRY), with the app's overrides", () => {
    expect(replyRetryBudget()).toEqual({ ...WEB_API_RETRY, randomize: true });
    expect(replyRetryBudget({ retries: 5, minTimeout: 10 })).toMatchObject({ retries: 5, minTimeout: 10 });
  });

  it.each([
    [1, 0, 500],
    [2, 0, 1000],
    [1, 0.5, 750],
    [2, 0.99, 1990],
    [3, 0.99, 2000],
  ])('try %i waits, at random %f, %i ms', (retry, random, ms) => {
    expect(retryDelayMs(replyRetryBudget(), retry, () => random)).toBe(ms);
  });
});
