// The request signer against Slack's published vector, and the signed-request helpers against the real Bolt
// HTTP receiver (signature, replay window, Content-Type, retries, interaction payloads).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAppClient, type SlackAppClient } from '../support/slack-app-client.js';
import { signSlackRequest, slackTimestamp } from '../support/slack-signing.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const vector = JSON.parse(
  readFileSync(resolve(REPO_ROOT, 'test/fixtures/slack/signing-vector.json'), 'utf8'),
) as {
  signing_secret: string;
  timestamp: string;
  body: string;
  basestring: string;
  expected_signature: string;
};

describe('signSlackRequest', () => {
  it("reproduces the signature of Slack's documented example", () => {
    expect(vector.basestring).toBe(`v0:${vector.timestamp}:${vector.body}`);
    expect(signSlackRequest(vector.signing_secret, vector.timestamp, vector.body)).toBe(
      vector.expected_signature,
    );
    expect(signSlackRequest(vector.signing_secret, Number(vector.timestamp), vector.body)).toBe(
      vector.expected_signature,
    );
  });

  it("is accepted by Bolt's own verifier, and a changed body or secret is not", () => {
    const verify = (body: string, signature: string) => () =>
      verifySlackRequest({
        signingSecret: vector.signing_secret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(vector.timestamp) },
        nowMilliseconds: Number(vector.timestamp) * 1000,
      });
    const signature = signSlackRequest(vector.signing_secret, vector.timestamp, vector.body);
    expect(verify(vector.body, signature)).not.toThrow();
    expect(verify(`${vector.body}&x=1`, signature)).toThrow(/signature mismatch/);
    expect(verify(vector.body, signSlackRequest('another-secret', vector.timestamp, vector.body))).toThrow(
      /signature mismatch/,
    );
  });
});

describe('signed requests to the real Bolt HTTP receiver', () => {
  const SECRET = 'test-signing-secret';
  let standIn: SlackStandIn;
  let app: App;
  let client: SlackAppClient;
  const seen: { kind: string; detail: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    app = new App({
      token: 'xoxb-test-token',
      signingSecret: SECRET,
      processBeforeResponse: true,
      clientOptions: { slackApiUrl: standIn.url },
      logLevel: LogLevel.ERROR,
    });
    app.command('/harassment-training', async ({ ack, command, respond }) => {
      await ack();
      seen.push({ kind: 'command', detail: { text: command.text, user: command.user_id } });
      await respond({ text: `you asked: ${command.text}`, response_type: 'ephemeral' });
    });
    app.event('message', async ({ event, context }) => {
      seen.push({
        kind: 'message',
        detail: { event, retryNum: context.retryNum, retryReason: context.retryReason },
      });
    });
    app.action('related', async ({ ack, body, action }) => {
      await ack();
      seen.push({
        kind: 'action',
        detail: { user: body.user.id, value: 'value' in action ? action.value : undefined },
      });
    });
    app.view('profile-check', async ({ ack, view }) => {
      await ack();
      seen.push({ kind: 'view', detail: { values: view.state.values, metadata: view.private_metadata } });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    client = createSlackAppClient({
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SECRET,
      botUserId: standIn.botUserId,
      dmChannelFor: standIn.dmChannelFor,
    });
  });

  afterAll(async () => {
    await app?.stop();
    await standIn?.close();
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('delivers a signed slash command to its listener, whose respond() reaches the stand-in', async () => {
    const responseUrl = standIn.responseUrl();
    const response = await client.sendCommand({ userId: 'U100', text: 'ask do I need it?', responseUrl });
    expect(response.status).toBe(200);
    expect(seen).toEqual([{ kind: 'command', detail: { text: 'ask do I need it?', user: 'U100' } }]);
    const [posted] = standIn.responsesTo(responseUrl);
    expect(posted?.args).toEqual({ text: 'you asked: ask do I need it?', response_type: 'ephemeral' });
    expect(posted?.contentType).toBe('application/json');
    // Bolt authorised the request by calling auth.test on the stand-in, with the bot token.
    expect(standIn.callsTo('auth.test')[0]?.token).toBe('xoxb-test-token');
  });

  it.each([
    ['a wrong signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['another secret', { signingSecret: 'not-the-secret' }],
    ['a stale timestamp (301 s old)', { timestamp: slackTimestamp() - 301 }],
  ])('rejects %s with 401 and runs no listener', async (_name, signed) => {
    const response = await client.sendCommand({
      userId: 'U100',
      responseUrl: standIn.responseUrl(),
      ...signed,
    });
    expect(response.status).toBe(401);
    const direct = await client.sendDirectMessage('U100', 'hello', signed);
    expect(direct.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('accepts a timestamp within the 5-minute window', async () => {
    const response = await client.sendCommand({
      userId: 'U100',
      responseUrl: standIn.responseUrl(),
      timestamp: slackTimestamp() - 240,
    });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it('needs the Content-Type exactly application/x-www-form-urlencoded for a command', async () => {
    const response = await client.sendCommand({
      userId: 'U100',
      responseUrl: standIn.responseUrl(),
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(response.status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('passes the retry headers of a redelivered event to the listener, with the same event_id', async () => {
    const first = await client.sendDirectMessage('U100', 'hello');
    const retry = await client.sendDirectMessage('U100', 'hello', {
      eventId: first.eventId,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(seen.map((s) => [s.detail['retryNum'], s.detail['retryReason']])).toEqual([
      [undefined, undefined],
      [1, 'http_timeout'],
    ]);
    expect(seen[0]?.detail['event']).toMatchObject({
      type: 'message',
      channel_type: 'im',
      user: 'U100',
      text: 'hello',
      channel: standIn.dmChannelFor('U100'),
    });
  });

  it('delivers a block action and a view submission as form-encoded payloads', async () => {
    const action = await client.sendBlockAction({
      userId: 'U200',
      actionId: 'related',
      value: 'faq-deadline',
    });
    const view = await client.sendViewSubmission({
      userId: 'U200',
      callbackId: 'profile-check',
      privateMetadata: '{"source":"dm"}',
      values: { role: { role: { type: 'static_select', selected_option: { value: 'staff' } } } },
    });
    expect([action.status, view.status]).toEqual([200, 200]);
    expect(seen).toEqual([
      { kind: 'action', detail: { user: 'U200', value: 'faq-deadline' } },
      {
        kind: 'view',
        detail: {
          values: { role: { role: { type: 'static_select', selected_option: { value: 'staff' } } } },
          metadata: '{"source":"dm"}',
        },
      },
    ]);
  });
});
