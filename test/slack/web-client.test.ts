// Bolt's WebClient for interactive replies: a timeout and a retry budget in seconds, and no retry of a post
// whose answer was not heard.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactiveClientOptions, WEB_API_RETRY, WEB_API_TIMEOUT_MS } from '../../src/slack/web-client.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

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
});
