// Bolt's WebClient for interactive replies: a timeout and a retry budget in seconds, no retry of a post
// whose answer was not heard, and each failed try told by method and error code (for /metrics).
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  interactiveClientOptions,
  methodOf,
  WEB_API_RETRY,
  WEB_API_TIMEOUT_MS,
} from '../../src/slack/web-client.js';
import { type FaultResponse, type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

describe('interactiveClientOptions', () => {
  it('bounds every call: a 5 s timeout and at most 10 s of retries, where the default is 30 minutes', () => {
    const options = interactiveClientOptions({ slackApiUrl: 'https://slack.com/api/' });
    expect(options.timeout).toBe(WEB_API_TIMEOUT_MS);
    expect(WEB_API_TIMEOUT_MS).toBeLessThanOrEqual(5000);
    expect(options.retryConfig).toMatchObject({ retries: 2, maxRetryTime: 10_000 });
    expect(WEB_API_RETRY.maxRetryTime).toBeLessThanOrEqual(10_000);
  });

  describe('against a stand-in that does not answer', () => {
    let standIn: SlackStandIn;
    let client: webApi.WebClient;
    beforeAll(async () => {
      standIn = await startSlackStandIn({ token: 'xoxb-wc' });
      client = new webApi.WebClient(
        'xoxb-wc',
        interactiveClientOptions({
          slackApiUrl: standIn.url,
          timeoutMs: 200,
          retryConfig: { minTimeout: 10, maxTimeout: 20 },
        }),
      );
    });
    afterAll(() => standIn.close());

    it('a post that times out is not sent again (it may be in Slack), and fails within the timeout', async () => {
      standIn.inject({ method: 'chat.postMessage', respond: { delayMs: 600 } });
      const started = Date.now();
      await expect(client.chat.postMessage({ channel: 'U0WC000001', text: 'hi' })).rejects.toThrow(
        /chat\.postMessage got no answer \(timeout\)/,
      );
      expect(Date.now() - started).toBeLessThan(600);
      expect(standIn.callsTo('chat.postMessage')).toHaveLength(1);
    });

    it('a read that times out is tried again, within the budget', async () => {
      standIn.reset();
      standIn.inject({ method: 'auth.test', respond: { hang: true }, times: 2 });
      const result = await client.auth.test();
      expect(result.ok).toBe(true);
      expect(standIn.callsTo('auth.test')).toHaveLength(3);
    });

    it('a 503 on a post is retried: Slack answered, nothing was posted', async () => {
      standIn.reset();
      standIn.inject({ method: 'chat.postMessage', respond: { httpStatus: 503 } });
      await client.chat.postMessage({ channel: 'U0WC000001', text: 'hi' });
      expect(standIn.callsTo('chat.postMessage').map((c) => c.status)).toEqual([503, 200]);
    });
  });

  describe('telling each failed call (onCallError)', () => {
    let standIn: SlackStandIn;
    let client: webApi.WebClient;
    const failures: string[] = [];
    beforeAll(async () => {
      standIn = await startSlackStandIn({ token: 'xoxb-wc' });
      client = new webApi.WebClient('xoxb-wc', {
        ...interactiveClientOptions({
          slackApiUrl: standIn.url,
          timeoutMs: 200,
          retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 },
          onCallError: (method, code) => failures.push(`${method} ${code}`),
        }),
        logLevel: webApi.LogLevel.ERROR,
      });
    });
    afterAll(() => standIn.close());

    it.each<[string, FaultResponse, string[]]>([
      ["Slack's error code", { error: 'channel_not_found' }, ['chat.postMessage channel_not_found']],
      ['a 429, then the retry', { retryAfterSeconds: 0.01 }, ['chat.postMessage ratelimited']],
      ['a 503, then the retry', { httpStatus: 503 }, ['chat.postMessage http_503']],
      ['a timeout (not retried: it may have arrived)', { delayMs: 600 }, ['chat.postMessage timeout']],
    ])('%s', async (_name, respond, told) => {
      failures.length = 0;
      standIn.inject({ method: 'chat.postMessage', respond });
      await client.chat.postMessage({ channel: 'U0WC000001', text: 'hi' }).catch(() => undefined);
      // Slack's answer is read from a copy, just after the client got it.
      await new Promise((r) => setTimeout(r, 50));
      expect(failures).toEqual(told);
    });

    it('tells nothing of a call that succeeds', async () => {
      failures.length = 0;
      await client.chat.postMessage({ channel: 'U0WC000001', text: 'hi' });
      await new Promise((r) => setTimeout(r, 50));
      expect(failures).toEqual([]);
    });
  });
});

describe('methodOf', () => {
  it.each([
    ['https://slack.com/api/chat.postMessage', 'chat.postMessage'],
    ['http://127.0.0.1:3000/api/users.info?user=U1', 'users.info'],
    ['https://proxy.example/slack/api/views.publish#x', 'views.publish'],
  ])('%s names %s', (url, method) => {
    expect(methodOf(url)).toBe(method);
    expect(methodOf(new URL(url))).toBe(method);
  });
});
