// Starting the app the way `npm start` does (src/service.ts), against the Web API stand-in: each line of the
// start-up that matters has a test here that fails when it is removed. The token is checked with Slack;
// /healthz follows Slack's answer; an interrupted campaign resumes; scheduled reminders go out only with
// REMINDERS=auto; the learning seams (misses, answer counts, the first-DM notice) are wired.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LogLevel } from '@slack/bolt';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config.js';
import { loadContent } from '../src/content/load.js';
import { createCore } from '../src/core.js';
import { PRIVACY_TEXT } from '../src/privacy/notice.js';
import { parseMoment } from '../src/rules/index.js';
import { type Service, startService } from '../src/service.js';
import { RefusedTokenError } from '../src/slack/auth-check.js';
import { slackBroadcastPort } from '../src/slack/web-api/index.js';
import { openStore, parseCompletions, parseRoster } from '../src/store/index.js';
import { SHIPPED_CONTENT } from './support/content.js';
import { createSlackAppClient } from './support/slack-app-client.js';
import { type SlackStandIn, startSlackStandIn } from './support/slack-stand-in.js';

const REPO = resolve(import.meta.dirname, '..');
const TOKEN = 'xoxb-start-up';
const SECRET = 'start-up-secret';
const content = loadContent(SHIPPED_CONTENT);
const zone = content.schedule.cycle.timeZone;
/** 11:00 in New York on 2021-02-10: seven days before the All Schools deadline, after the reminders' hour. */
const DUE = new Date(parseMoment('2021-02-10', zone).getTime() - 60 * 60 * 1000);
const dirs: string[] = [];
let running: { service: Service; standIn: SlackStandIn } | undefined;

/** A database with the demo roster and completions, every roster person known to the stand-in. */
async function demoDatabase(): Promise<{ path: string; users: { id: string; email: string }[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'start-up-'));
  dirs.push(dir);
  const path = join(dir, 'app.db');
  const store = await openStore({ path, schedule: content.schedule });
  const roster = parseRoster(readFileSync(join(REPO, 'examples/roster.csv')), 'roster.csv', content);
  const completions = parseCompletions(
    readFileSync(join(REPO, 'examples/completions.csv')),
    'c.csv',
    content,
  );
  await store.importRoster(roster.records, { file: 'roster.csv' });
  await store.importCompletions(completions.records);
  const users = (await store.listPeople()).map((p, i) => ({
    id: `UDEMO${String(i).padStart(4, '0')}`,
    email: p.profile.email,
  }));
  await store.close();
  return { path, users };
}

function config(path: string, apiUrl: string, reminders: Config['reminders']): Config {
  return {
    slack: { botToken: TOKEN, connection: { mode: 'http', signingSecret: SECRET }, apiUrl },
    port: 0,
    databasePath: path,
    databasePoolSize: 10,
    contentDir: SHIPPED_CONTENT,
    missesRetentionDays: 30,
    logLevel: LogLevel.ERROR,
    broadcast: { ratePerMinute: 6000, requestTimeoutMs: 5000 },
    reminders,
    leaseTtlMs: 30_000,
  };
}

async function start(
  reminders: Config['reminders'],
  prepare?: (path: string, apiUrl: string) => Promise<void>,
) {
  const { path, users } = await demoDatabase();
  const standIn = await startSlackStandIn({ token: TOKEN, users });
  await prepare?.(path, standIn.url);
  const service = await startService({
    config: config(path, standIn.url, reminders),
    content,
    // The rules' date only: records (misses, counts) keep real time.
    rulesDate: () => DUE,
    schedulerIntervalMs: 50,
    authRecheckMs: 100,
  });
  running = { service, standIn };
  return running;
}

afterEach(async () => {
  await running?.service.stop(1000);
  await running?.standIn.close();
  running = undefined;
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('starting the app', () => {
  it('keeps the jobs lease with one of two app processes on one database while it runs', async () => {
    const { path, users } = await demoDatabase();
    const standIn = await startSlackStandIn({ token: TOKEN, users });
    const services: Service[] = [];
    try {
      for (let i = 0; i < 2; i++)
        services.push(
          await startService({
            config: { ...config(path, standIn.url, 'off'), leaseTtlMs: 1000 },
            content,
            rulesDate: () => DUE,
          }),
        );
      const store = services[0]?.core.store;
      const holders = new Set<string | null>();
      // Three lease periods: the holder renews it on its own, though no job asks for it in that time.
      for (let t = 0; t < 3000; t += 100) {
        holders.add((await store?.leases.holder('jobs', Date.now())) ?? null);
        await sleep(100);
      }
      expect(holders.size).toBe(1);
      expect([...holders][0]).toMatch(new RegExp(`:${process.pid}:`));
    } finally {
      for (const s of services) await s.stop(1000);
      await standIn.close();
    }
  });

  it('with the shipped content and no REMINDERS setting, sends nothing on its own', async () => {
    const { service, standIn } = await start('off');
    expect(service.remindersStarted).toBe(false);
    await sleep(600);
    expect(standIn.callsTo('chat.postMessage')).toEqual([]);
    expect(await service.core.store.campaigns.listCampaigns(10)).toEqual([]);
  });

  it('with REMINDERS=auto, the scheduler sends the reminder due now, once, to the people it is for', async () => {
    const { service, standIn } = await start('auto');
    expect(service.remindersStarted).toBe(true);
    const campaign = await vi.waitFor(
      async () => {
        const [found] = await service.core.store.campaigns.listCampaigns(10);
        if (!found?.finishedAt) throw new Error('no finished campaign yet');
        return found;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(campaign.scheduleKey).toBe('deadline-in-7-days:all-schools:2021-02-10');
    const posts = standIn.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    expect(new Set(posts.map((p) => p.args['channel'])).size).toBe(posts.length);
    await sleep(300);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(posts.length);
  });

  it('resumes a campaign a crash left unfinished', async () => {
    const { service } = await start('off', async (path, apiUrl) => {
      // A campaign written, nothing sent: what a crash right after "send" leaves behind.
      const before = await createCore({
        content,
        databasePath: path,
        rulesDate: () => DUE,
        retentionDays: 30,
        port: slackBroadcastPort({ token: TOKEN, apiUrl, timeoutMs: 5000 }),
        broadcast: { ratePerMinute: 6000, requestTimeoutMs: 5000 },
      });
      await before.broadcast.broadcaster.start(
        { kind: 'reminder', template: 'due-soon', audience: { state: 'window_open' } },
        { kind: 'system', id: 'test' },
      );
      await before.close();
    });
    const [campaign] = await service.core.store.campaigns.listCampaigns(10);
    expect(campaign).toBeDefined();
    await vi.waitFor(
      async () => {
        const now = await service.core.store.campaigns.campaign(campaign?.id ?? 0);
        if (!now?.finishedAt) throw new Error('not finished yet');
      },
      { timeout: 15_000, interval: 50 },
    );
    const counts = await service.core.store.campaigns.counts(campaign?.id ?? 0);
    expect(counts.sent).toBeGreaterThan(0);
    expect(counts.pending).toBe(0);
  });

  it('wires the learning seams: a miss is kept, answers are counted, the first DM carries the notice', async () => {
    const { service, standIn } = await start('off');
    const client = createSlackAppClient({
      eventsUrl: `http://127.0.0.1:${service.port}/slack/events`,
      signingSecret: SECRET,
      botUserId: standIn.botUserId,
      dmChannelFor: standIn.dmChannelFor,
    });
    await client.sendDirectMessage('UDEMO0001', 'what is the wifi password in building seven');
    const reply = await standIn.waitForCall('chat.postMessage');
    expect(JSON.stringify(reply.args['blocks'])).toContain(PRIVACY_TEXT.keeps(30).slice(0, 40));
    await client.sendDirectMessage('UDEMO0001', 'how do I access the training?');
    await standIn.waitFor(() => (standIn.callsTo('chat.postMessage').length >= 2 ? true : undefined));
    const second = standIn.callsTo('chat.postMessage')[1];
    expect(JSON.stringify(second?.args['blocks'])).not.toContain(PRIVACY_TEXT.keeps(30).slice(0, 40));
    const { misses } = service.core.store;
    expect((await misses.listMisses()).map((m) => m.text)).toEqual([
      'what is the wifi password in building seven',
    ]);
    const counted = (await misses.answerCounts()).reduce((sum, c) => sum + c.count, 0);
    expect(counted).toBe(2);
  });
});

describe('the bot token', () => {
  it('refused at start: start-up stops with one error naming SLACK_BOT_TOKEN', async () => {
    const { path } = await demoDatabase();
    const standIn = await startSlackStandIn({ token: 'xoxb-another' });
    try {
      await expect(startService({ config: config(path, standIn.url, 'off'), content })).rejects.toThrow(
        RefusedTokenError,
      );
      await expect(startService({ config: config(path, standIn.url, 'off'), content })).rejects.toThrow(
        /^SLACK_BOT_TOKEN: Slack refused the bot token \(invalid_auth\)/,
      );
    } finally {
      await standIn.close();
    }
  });

  it('refused while running: /healthz answers 503 and says Slack refuses it', async () => {
    const { service, standIn } = await start('off');
    const health = async () => {
      const response = await fetch(`http://127.0.0.1:${service.port}/healthz`);
      return { status: response.status, body: (await response.json()) as { slack?: { ok: boolean } } };
    };
    expect((await health()).status).toBe(200);
    standIn.inject({
      method: 'auth.test',
      times: Number.POSITIVE_INFINITY,
      respond: { error: 'invalid_auth' },
    });
    let down = await health();
    for (const end = Date.now() + 5000; down.status !== 503 && Date.now() < end; ) {
      await sleep(50);
      down = await health();
    }
    expect(down.status).toBe(503);
    expect(down.body.slack).toEqual({ ok: false, error: 'refused: invalid_auth' });
  });
});
