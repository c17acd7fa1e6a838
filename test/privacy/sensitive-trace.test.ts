// End to end through the real Slack app (Bolt's HTTP receiver, signed requests, the Web API stand-in) with
// the misses recorder wired in: every sensitive fixture gets the sensitive answer, privately, without
// feedback buttons, and leaves no trace of its text in the database file, its WAL, or anything logged.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Logger, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.js';
import { PRIVACY_TEXT } from '../../src/privacy/notice.js';
import { dayIn } from '../../src/rules/index.js';
import { type Service, startService } from '../../src/service.js';
import { ACTION } from '../../src/slack/views/ids.js';
import type { Store } from '../../src/store/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { createSlackAppClient, type SlackAppClient } from '../support/slack-app-client.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/sensitive-messages.yml');
const messages = (parse(readFileSync(FIXTURES, 'utf8')) as { messages: { text: string; kind: string }[] })
  .messages;

const SECRET = 'trace-signing-secret';
const TOKEN = 'xoxb-trace-token';
const USERS = [
  { id: 'U0TRACE001', name: 'one', email: 'one@example.edu' },
  { id: 'U0TRACE002', name: 'two', email: 'two@example.edu' },
  { id: 'U0TRACE003', name: 'three', email: null },
];
/** Talks to the bot only in the tests of misses and the notice, after the sensitive ones. */
const NEWCOMER = { id: 'U0TRACE004', name: 'four', email: 'four@example.edu' };
const NOW = new Date('2021-02-10T17:00:00Z');

const content = loadContent(SHIPPED_CONTENT);
let dir: string;
let dbPath: string;
let store: Store;
let standIn: SlackStandIn;
let service: Service;
let client: SlackAppClient;
const logs: string[] = [];

/** Every log line at every level, including Bolt's and the Web API client's debug output. */
function captureLogger(): Logger {
  const line =
    (level: string) =>
    (...msg: unknown[]) =>
      void logs.push(`${level} ${msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`);
  return {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

/** The bytes SQLite keeps on disk for this database, as text. */
function databaseBytes(): string {
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => `${dbPath}${suffix}`)
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('utf8'))
    .join('\n')
    .toLowerCase();
}

/** Four-word windows of the message: any one of them found means part of the text was kept. */
function phrases(text: string): string[] {
  const words = text.toLowerCase().split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i + 4 <= words.length; i++) out.push(words.slice(i, i + 4).join(' '));
  return out.length > 0 ? out : [text.toLowerCase()];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sensitive-trace-'));
  dbPath = join(dir, 'app.db');
  standIn = await startSlackStandIn({ users: [...USERS, NEWCOMER], token: TOKEN });
  // The app as `npm start` builds it, logging everything (debug included) into `logs`.
  service = await startService({
    config: {
      slack: { botToken: TOKEN, connection: { mode: 'http', signingSecret: SECRET }, apiUrl: standIn.url },
      port: 0,
      databasePath: dbPath,
      databasePoolSize: 10,
      contentDir: SHIPPED_CONTENT,
      missesRetentionDays: 30,
      logLevel: LogLevel.DEBUG,
      broadcast: { ratePerMinute: 6000, requestTimeoutMs: 5000 },
      reminders: 'off',
      leaseTtlMs: 30_000,
    },
    content,
    rulesDate: () => NOW,
    logger: captureLogger(),
    slack: { processBeforeResponse: true, retryConfig: { retries: 0 } },
  });
  store = service.core.store;
  client = createSlackAppClient({
    eventsUrl: `http://127.0.0.1:${service.port}/slack/events`,
    signingSecret: SECRET,
    botUserId: standIn.botUserId,
    dmChannelFor: standIn.dmChannelFor,
  });
});

afterAll(async () => {
  await service.stop(2000);
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sensitive messages through the Slack app', () => {
  it('uses enough varied fixtures: first person, third person and distressed', () => {
    expect(messages.length).toBeGreaterThanOrEqual(30);
    expect(new Set(messages.map((m) => m.kind))).toEqual(
      new Set(['first-person', 'third-person', 'distressed']),
    );
  });

  it.each(messages.map((m, i) => [i, m.kind, m.text] as const))(
    'DM #%i (%s) gets the sensitive answer, no feedback buttons: %j',
    async (i, _kind, text) => {
      const user = USERS[i % USERS.length]?.id ?? '';
      standIn.reset();
      const sent = await client.sendDirectMessage(user, text);
      expect(sent.status).toBe(200);
      const post = await standIn.waitForCall('chat.postMessage');
      const shown = JSON.stringify(post.args['blocks']);
      expect(shown).toContain(content.resources.notReportingChannel.slice(0, 40));
      expect(shown).not.toContain(ACTION.feedbackUp);
      expect(shown).not.toContain(ACTION.feedbackDown);
    },
  );

  it.each(messages.filter((_, i) => i % 4 === 0).map((m) => [m.text] as const))(
    'a mention is answered only to the person: %j',
    async (text) => {
      standIn.reset();
      await client.sendMention(USERS[0]?.id ?? '', `<@${standIn.botUserId}> ${text}`, {
        channel: 'C0TRACE001',
      });
      const ephemeral = await standIn.waitForCall('chat.postEphemeral');
      expect(ephemeral.args).toMatchObject({ channel: 'C0TRACE001', user: USERS[0]?.id });
      expect(standIn.callsTo('chat.postMessage').filter((c) => c.args['channel'] === 'C0TRACE001')).toEqual(
        [],
      );
      expect(JSON.stringify(ephemeral.args['blocks'])).not.toContain(ACTION.feedbackDown);
    },
  );

  it.each(messages.filter((_, i) => i % 5 === 1).map((m) => [m.text] as const))(
    '`/harassment-training ask` answers privately: %j',
    async (text) => {
      standIn.reset();
      const responseUrl = standIn.responseUrl();
      const response = await client.sendCommand({
        userId: USERS[1]?.id ?? '',
        text: `ask ${text}`,
        responseUrl,
      });
      expect(response.status).toBe(200);
      const [reply] = await standIn.waitFor(() => {
        const calls = standIn.responsesTo(responseUrl);
        return calls.length > 0 ? calls : null;
      });
      expect(reply?.args).toMatchObject({ response_type: 'ephemeral' });
      expect(JSON.stringify(reply?.args)).not.toContain(ACTION.feedbackDown);
    },
  );

  it('kept only a count per day: no miss, and no phrase of any message in the database files or the logs', async () => {
    const sensitiveToday = (await store.misses.answerCounts()).find((c) => c.kind === 'sensitive');
    const asked =
      messages.length +
      messages.filter((_, i) => i % 4 === 0).length +
      messages.filter((_, i) => i % 5 === 1).length;
    expect(sensitiveToday).toEqual({
      day: dayIn(new Date(), content.schedule.cycle.timeZone),
      kind: 'sensitive',
      count: asked,
    });
    expect(await store.misses.listMisses()).toEqual([]);
    // Recording never failed (the recorder reports failures as "Could not …").
    expect(logs.filter((line) => line.includes('Could not'))).toEqual([]);
    // The logs are not empty (so the search below means something): Bolt logged at debug level.
    expect(logs.length).toBeGreaterThan(0);
    const db = databaseBytes();
    const logged = logs.join('\n').toLowerCase();
    // A phrase the bot's own answer also uses ("to talk to someone") proves nothing either way.
    const { engine } = service.core;
    const found = messages.flatMap((m) =>
      phrases(m.text)
        .filter((p) => !engine.answer(m.text).text.toLowerCase().includes(p))
        .filter((p) => db.includes(p) || logged.includes(p))
        .map((p) => `${JSON.stringify(p)} (${db.includes(p) ? 'database' : 'logs'})`),
    );
    expect(found).toEqual([]);
    // Bolt's debug output includes what the app sent: had a reply echoed the question, it would show here.
    expect(logged).toContain(content.resources.notReportingChannel.slice(0, 30).toLowerCase());
  });
});

describe('misses and the privacy notice through the Slack app', () => {
  it('shows the two-line notice with the first DM only', async () => {
    standIn.reset();
    await client.sendDirectMessage(NEWCOMER.id, 'hello');
    const first = JSON.stringify((await standIn.waitForCall('chat.postMessage')).args['blocks']);
    expect(first).toContain(PRIVACY_TEXT.keeps(30).slice(0, 60));
    expect(first).toContain('for 30 days');
    expect(first).toContain(content.resources.notReportingChannel.trim().slice(0, 40));
    standIn.reset();
    await client.sendDirectMessage(NEWCOMER.id, 'hello again');
    const second = JSON.stringify((await standIn.waitForCall('chat.postMessage')).args['blocks']);
    expect(second).not.toContain('for 30 days');
  });

  it('shows the notice in help and on the App Home', async () => {
    standIn.reset();
    const responseUrl = standIn.responseUrl();
    await client.sendCommand({ userId: NEWCOMER.id, text: 'help', responseUrl });
    const [help] = await standIn.waitFor(() => {
      const calls = standIn.responsesTo(responseUrl);
      return calls.length > 0 ? calls : null;
    });
    expect(JSON.stringify(help?.args)).toContain('for 30 days');
    await client.sendAppHomeOpened(NEWCOMER.id);
    const home = await standIn.waitForCall('views.publish');
    expect(JSON.stringify(home.args['view'])).toContain('for 30 days');
  });

  it('keeps an unanswered question redacted, without who asked', async () => {
    standIn.reset();
    const before = (await store.misses.listMisses()).length;
    await client.sendDirectMessage(
      NEWCOMER.id,
      'can the parking office at parking.desk@example.edu validate my ticket',
    );
    await standIn.waitForCall('chat.postMessage');
    const kept = (await store.misses.listMisses()).slice(before);
    expect(kept).toMatchObject([
      { text: 'can the parking office at [email] validate my ticket', reason: 'unknown', faqId: null },
    ]);
    expect(databaseBytes()).not.toContain('parking.desk@example.edu');
    expect(JSON.stringify(kept)).not.toContain(NEWCOMER.id);
  });

  it('keeps the question behind a 👎 on its FAQ answer', async () => {
    standIn.reset();
    await client.sendDirectMessage(NEWCOMER.id, 'can I do the training during my working hours?');
    const post = await standIn.waitForCall('chat.postMessage');
    const blocks = post.args['blocks'] as {
      block_id?: string;
      elements?: { action_id: string; value: string }[];
    }[];
    const down = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION.feedbackDown);
    expect(down).toBeDefined();
    const before = (await store.misses.listMisses()).length;
    await client.sendBlockAction({
      userId: NEWCOMER.id,
      actionId: ACTION.feedbackDown,
      value: down?.value ?? '',
      channelId: standIn.dmChannelFor(NEWCOMER.id),
      messageTs: '1612976400.000100',
    });
    await vi.waitFor(async () => expect((await store.misses.listMisses()).length).toBeGreaterThan(before));
    expect((await store.misses.listMisses()).slice(before)).toMatchObject([
      { text: 'can I do the training during my working hours?', reason: 'unhelpful', faqId: down?.value },
    ]);
  });
});
