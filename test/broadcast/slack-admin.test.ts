// The composer's submission through the real Bolt HTTP receiver, against the Web API stand-in.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemindFlow } from '../../src/bot/index.js';
import { REMIND_FIELDS, REMIND_FORM } from '../../src/bot/replies/remind-form.js';
import {
  type BroadcastService,
  createBroadcastService,
  NOT_ALLOWED_TEXT,
} from '../../src/broadcast/index.js';
import { DEFAULTS } from '../../src/config.js';
import { createChartFiles } from '../../src/slack/charts.js';
import { register } from '../../src/slack/listeners/admin/index.js';
import { slackBroadcastPort } from '../../src/slack/web-api/index.js';
import { createReplyCaller } from '../../src/slack/web-api/replies.js';
import { replyRetryBudget } from '../../src/slack/web-client.js';
import type { Store } from '../../src/store/index.js';
import { createSlackAppClient, type SlackAppClient } from '../support/slack-app-client.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { ADMIN, at, content, demoStore, limitViolations, NOBODY, slackUsersFor } from './support.js';

const SECRET = 'admin-test-secret';

describe('the reminder composer in Slack', () => {
  let standIn: SlackStandIn;
  let store: Store;
  let service: BroadcastService;
  let app: App;
  let client: SlackAppClient;
  const byUser = new Map<string, string>();

  beforeAll(async () => {
    store = await demoStore();
    const users = await slackUsersFor(store);
    for (const u of users) if (u.email) byUser.set(u.id, u.email);
    byUser.set('UADMIN', ADMIN);
    standIn = await startSlackStandIn({ token: 'xoxb-admin', users });
    service = createBroadcastService({
      store,
      content,
      port: slackBroadcastPort({
        token: 'xoxb-admin',
        apiUrl: standIn.url,
        timeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      }),
      ratePerMinute: 6000,
      requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      now: () => at('2021-02-22'),
    });
    app = new App({
      token: 'xoxb-admin',
      signingSecret: SECRET,
      processBeforeResponse: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: standIn.url },
    });
    register(app, {
      bot: undefined as never,
      logger: app.logger,
      charts: createChartFiles(),
      replies: createReplyCaller({
        token: 'xoxb-admin',
        apiUrl: standIn.url,
        timeoutMs: 5000,
        retry: replyRetryBudget(),
      }),
      remind: createRemindFlow({ content, store, broadcaster: service.broadcaster }),
      setProgressMessage: service.campaigns.setProgressMessage,
      viewerFor: async (id) => {
        const email = byUser.get(id) ?? null;
        return { slackUserId: id, email, profile: null, grants: email ? await store.grants(email) : [] };
      },
    });
    const server = (await app.start(0)) as Server;
    client = createSlackAppClient({
      eventsUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
      signingSecret: SECRET,
    });
  });
  afterAll(async () => {
    expect(limitViolations(standIn.calls)).toEqual([]);
    await app.stop();
    service.close();
    await store.close();
    await standIn.close();
  });

  const values = (mode: 'dry' | 'send') => ({
    [REMIND_FIELDS.template]: {
      [REMIND_FIELDS.template]: { type: 'static_select', selected_option: { value: 'overdue' } },
    },
    [REMIND_FIELDS.state]: {
      [REMIND_FIELDS.state]: { type: 'static_select', selected_option: { value: 'overdue' } },
    },
    [REMIND_FIELDS.note]: { [REMIND_FIELDS.note]: { type: 'plain_text_input', value: 'Thank you!' } },
    [REMIND_FIELDS.mode]: {
      [REMIND_FIELDS.mode]: { type: 'radio_buttons', selected_option: { value: mode } },
    },
  });

  it('refuses someone who is not an admin, and sends nothing', async () => {
    const bram = [...byUser].find(([, e]) => e === NOBODY)?.[0] ?? '';
    const response = await client.sendViewSubmission({
      userId: bram,
      callbackId: REMIND_FORM,
      values: values('send'),
    });
    expect(JSON.parse(response.body)).toEqual({
      response_action: 'errors',
      errors: { [REMIND_FIELDS.mode]: NOT_ALLOWED_TEXT },
    });
    expect(standIn.callsTo('chat.postMessage')).toEqual([]);
  });

  it('a dry run posts the preview to the admin only', async () => {
    await client.sendViewSubmission({
      userId: 'UADMIN',
      callbackId: REMIND_FORM,
      values: values('dry'),
    });
    const posts = standIn.callsTo('chat.postMessage');
    expect(posts.map((p) => p.args['channel'])).toEqual(['UADMIN']);
    expect(String(posts[0]?.args['text'])).toContain('Dry run: nothing was sent');
    expect(JSON.stringify(posts[0]?.args['blocks'])).toContain('Hi Bram');
  });

  it('a users.list that fails before the campaign is written reaches the admin in words; nothing is sent', async () => {
    standIn.reset();
    standIn.inject({ method: 'users.list', respond: { error: 'internal_error' } });
    await client.sendViewSubmission({ userId: 'UADMIN', callbackId: REMIND_FORM, values: values('send') });
    const posts = standIn.callsTo('chat.postMessage');
    expect(posts.map((p) => p.args['channel'])).toEqual(['UADMIN']);
    expect(String(posts[0]?.args['text'])).toMatch(/^Nothing was sent: Something went wrong on my side/);
    expect((await service.campaigns.listCampaigns()).filter((c) => !c.dryRun)).toEqual([]);
  });

  it('sending shows one progress message to the admin, updated to the final summary', async () => {
    standIn.reset();
    await client.sendViewSubmission({
      userId: 'UADMIN',
      callbackId: REMIND_FORM,
      values: values('send'),
    });
    const posts = standIn.callsTo('chat.postMessage');
    expect(posts[0]?.args['channel']).toBe('UADMIN');
    expect(
      posts
        .slice(1)
        .map((p) => p.args['channel'])
        .sort(),
    ).toHaveLength(4);
    const updates = standIn.callsTo('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(new Set(updates.map((u) => u.args['ts']))).toEqual(new Set([posts[0]?.response['ts']]));
    expect(String(updates.at(-1)?.args['text'])).toContain(
      'Done: 4 recipients. Sent 4, skipped 0, failed 0.',
    );
  });

  it('a progress post that fails does not stop the campaign: it runs, and the summary still reaches the admin', async () => {
    standIn.reset();
    standIn.inject({ method: 'chat.postMessage', channel: 'UADMIN', respond: { error: 'internal_error' } });
    await client.sendViewSubmission({ userId: 'UADMIN', callbackId: REMIND_FORM, values: values('send') });
    const posts = standIn.callsTo('chat.postMessage');
    expect(posts.filter((p) => p.ok && p.args['channel'] !== 'UADMIN')).toHaveLength(4);
    const toAdmin = posts.filter((p) => p.args['channel'] === 'UADMIN');
    expect(toAdmin.map((p) => p.ok)).toEqual([false, true]);
    expect(String(toAdmin[1]?.args['text'])).toContain('Done: 4 recipients. Sent 4, skipped 0, failed 0.');
  });
});
