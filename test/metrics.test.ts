// The metrics seam on its own: label values bounded to small fixed sets, and the broadcast side (the paced
// queue's sends, the deliveries left in the database, the failed chat.postMessage) through the core as
// `npm start` builds it, posting to the Web API stand-in.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../src/core.js';
import { codeLabel, createMetrics, METRICS_PREFIX, methodLabel } from '../src/metrics.js';
import { slackBroadcastPort } from '../src/slack/web-api/index.js';
import { at, content, demoStore, slackUsersFor, tempDb } from './broadcast/support.js';
import { sampleValue } from './support/metrics-text.js';
import { type SlackStandIn, startSlackStandIn } from './support/slack-stand-in.js';

const TOKEN = 'xoxb-metrics';
const m = (name: string) => `${METRICS_PREFIX}${name}`;

describe('label values', () => {
  it.each([
    ['chat.postMessage', 'chat.postMessage'],
    ['apps.connections.open', 'apps.connections.open'],
    ['files.getUploadURLExternal', 'files.getUploadURLExternal'],
    ['U0BRAM0001', 'other'],
    ['bram.placeholder@example.edu', 'other'],
    ['chat.postMessage?channel=D0123', 'other'],
    ['', 'other'],
  ])('method %j is labelled %j', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });

  it.each([
    ['channel_not_found', 'channel_not_found'],
    ['ratelimited', 'ratelimited'],
    ['http_503', 'http_503'],
    ['invalid_auth', 'invalid_auth'],
    ['Something Slack never says', 'other'],
    ['user U0BRAM0001 not found', 'other'],
    ['a'.repeat(41), 'other'],
    ['', 'other'],
  ])('error code %j is labelled %j', (code, label) => {
    expect(codeLabel(code)).toBe(label);
  });

  it('keeps two apps in one process apart: one registry each', async () => {
    const one = createMetrics({ processMetrics: false });
    const two = createMetrics({ processMetrics: false });
    one.answered('faq', 'dm', 'did-you-mean');
    one.slackError('chat.postMessage', 'Not A Code');
    const first = (await one.render()).body;
    const second = (await two.render()).body;
    expect(sampleValue(first, m('answers_total'), { kind: 'faq', origin: 'dm' })).toBe(1);
    expect(sampleValue(second, m('answers_total'), { kind: 'faq', origin: 'dm' })).toBe(0);
    expect(sampleValue(first, m('answer_bands_total'), { band: 'did-you-mean', origin: 'dm' })).toBe(1);
    expect(sampleValue(second, m('answer_bands_total'), { band: 'did-you-mean', origin: 'dm' })).toBe(0);
    expect(
      sampleValue(first, m('slack_api_errors_total'), { method: 'chat.postMessage', code: 'other' }),
    ).toBe(1);
  });
});

describe('broadcast metrics', () => {
  let standIn: SlackStandIn | undefined;
  let core: Core | undefined;
  let path: string | undefined;
  afterEach(async () => {
    core?.close();
    await standIn?.close();
    if (path) rmSync(dirname(path), { recursive: true, force: true });
  });

  it('shows the deliveries left, then counts each send by outcome and the failed post by its code', async () => {
    path = tempDb();
    const seed = await demoStore(path);
    const users = await slackUsersFor(seed);
    const emails = (await seed.listPeople({ active: 'any' })).map((p) => p.profile.email);
    const departments = await seed.departments();
    await seed.close();
    standIn = await startSlackStandIn({ token: TOKEN, users });
    const metrics = createMetrics({ processMetrics: false });
    const now = at('2021-02-10');
    core = await createCore({
      content,
      databasePath: path,
      rulesDate: () => now,
      retentionDays: 30,
      port: slackBroadcastPort({
        token: TOKEN,
        apiUrl: standIn.url,
        timeoutMs: 5000,
        onCallError: (method, code) => metrics.slackError(method, code),
      }),
      broadcast: { ratePerMinute: 6000, requestTimeoutMs: 5000 },
      metrics,
    });
    const { broadcaster } = core.broadcast;
    const { campaignId, recipients } = await broadcaster.start(
      { kind: 'reminder', template: 'due-soon', audience: { state: 'window_open' } },
      { kind: 'system', id: 'test' },
    );
    expect(recipients).toBeGreaterThan(2);

    const waiting = (await metrics.render()).body;
    expect(sampleValue(waiting, m('broadcast_deliveries_left'), { status: 'pending' })).toBe(recipients);
    expect(sampleValue(waiting, m('broadcast_sends_total'), { outcome: 'sent' })).toBe(0);

    standIn.failNext('chat.postMessage', 'user_not_found');
    const summary = await broadcaster.run(campaignId);
    expect(summary.counts.failed).toBe(1);

    const { body } = await metrics.render();
    expect(sampleValue(body, m('broadcast_sends_total'), { outcome: 'sent' })).toBe(summary.counts.sent);
    expect(sampleValue(body, m('broadcast_sends_total'), { outcome: 'failed' })).toBe(1);
    expect(sampleValue(body, m('broadcast_sends_total'), { outcome: 'skipped' })).toBe(
      summary.counts.skipped,
    );
    expect(summary.counts.sent + summary.counts.skipped + 1).toBe(recipients);
    expect(sampleValue(body, m('broadcast_deliveries_left'), { status: 'pending' })).toBe(0);
    expect(sampleValue(body, m('broadcast_queue_jobs'))).toBe(0);
    expect(
      sampleValue(body, m('slack_api_errors_total'), { method: 'chat.postMessage', code: 'user_not_found' }),
    ).toBe(1);
    for (const secret of [...users.map((u) => u.id), ...emails, ...departments])
      expect(body, secret).not.toContain(secret);
  });
});
