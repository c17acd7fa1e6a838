// Reminders in each person's own working hours (reminders.yml `schedule.recipientHours`): people in three time
// zones, and one Slack gives no zone for, each get the scheduled reminder inside their own hours, once; the dry
// run says when each zone's people receive it. The clock is injected: waiting for a zone's hours moves it on.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastService, resolveAudience } from '../../src/broadcast/index.js';
import { DEFAULTS } from '../../src/config.js';
import { formatIssue, inspectContent, loadContent } from '../../src/content/load.js';
import { slackBroadcastPort } from '../../src/slack/web-api/index.js';
import type { Store } from '../../src/store/index.js';
import { runCliIn } from '../support/cli.js';
import { contentWith } from '../support/content.js';
import { type SlackStandIn, type StandInUser, startSlackStandIn } from '../support/slack-stand-in.js';
import { ADMIN, at, demoStore, slackUsersFor, tempDb } from './support.js';

const TOKEN = 'xoxb-hours';
const HOURS = `  recipientHours:\n    from: "09:00"\n    until: "17:00"\n    weekdays: [mon, tue, wed, thu, fri]\n`;

/** The shipped content with `recipientHours` added to reminders.yml (after `hour:`), or `yaml` instead. */
function contentDirWith(yaml = HOURS): string {
  const dir = contentWith();
  const file = join(dir, 'reminders.yml');
  const text = readFileSync(file, 'utf8').replace(/^( {2}hour: \d+\n)/m, `$1${yaml}`);
  writeFileSync(file, text);
  return dir;
}

// Three zones Slack names, and one person Slack gives no zone for (the cycle's, New York, is assumed).
const ZONES = ['America/Los_Angeles', 'Europe/London', 'Asia/Tokyo', ''] as const;
const zoneOf = (users: readonly StandInUser[], id: string) => users.find((u) => u.id === id)?.tz ?? '';

describe('reminders in each person’s own hours', () => {
  const dir = contentDirWith();
  const content = loadContent(dir);
  let standIn: SlackStandIn;
  let users: StandInUser[];
  const db = tempDb();
  let store: Store;
  let clock = 0;

  beforeAll(async () => {
    store = await demoStore(db);
    // The people overdue that week, one in each zone in turn.
    const overdue = (
      await resolveAudience(store, content, { state: 'overdue' }, at('2021-02-18T00:05'))
    ).recipients.map((r) => r.person.profile.email);
    users = (await slackUsersFor(store)).map((u) => {
      const i = overdue.indexOf(u.email ?? '');
      return { ...u, tz: ZONES[Math.max(0, i) % ZONES.length] as string };
    });
    expect(overdue.length).toBeGreaterThanOrEqual(ZONES.length);
    standIn = await startSlackStandIn({ token: TOKEN, users, now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    await standIn.close();
  });

  const service = () =>
    createBroadcastService({
      store,
      content,
      port: slackBroadcastPort({ token: TOKEN, apiUrl: standIn.url, timeoutMs: 5000 }),
      ratePerMinute: 60_000,
      requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      now: () => new Date(clock),
      // Waiting for the next zone's hours moves the clock there: nothing really sleeps.
      sleep: async (ms) => {
        clock += ms;
      },
    });

  it('content without recipientHours loads as before, and bad hours point at the line', () => {
    expect(loadContent(contentWith()).reminders.schedule.recipientHours).toBeUndefined();
    expect(content.reminders.schedule.recipientHours).toEqual({
      from: '09:00',
      until: '17:00',
      weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    });
    const bad = contentDirWith(
      `  recipientHours:\n    from: "17:00"\n    until: "9am"\n    weekdays: [mon, mon]\n`,
    );
    const messages = inspectContent(bad).issues.map((i) => formatIssue(i).slice(bad.length + 1));
    expect(messages).toEqual([
      expect.stringMatching(/^reminders\.yml:\d+ schedule\.recipientHours\.until: must be a local time/),
      expect.stringMatching(/^reminders\.yml:\d+ schedule\.recipientHours\.weekdays: lists a weekday twice/),
    ]);
  });

  it('the dry run says when each time zone receives it, and who has no zone in Slack', async () => {
    // Thursday 18 February 2021, 00:05 in New York: 14:05 in Tokyo, 05:05 in London, Wednesday 21:05 in LA.
    clock = at('2021-02-18T00:05').getTime();
    await service().directory.refresh();
    // The CLI opens the database itself; it reads the directory as cached above, zones and all.
    await store.close();
    const args = ['remind', '--template', 'overdue', '--state', 'overdue', '--as', ADMIN, '--dry-run'];
    const run = await runCliIn(process.cwd(), {}, [
      ...args,
      '--db',
      db,
      '--content',
      dir,
      '--on',
      '2021-02-18T00:05',
    ]);
    store = await demoStore(db);
    const { code } = run;
    const text = [run.out, run.err].filter(Boolean).join('\n');
    expect(code, text).toBe(0);
    expect(text).toContain('When each time zone receives it (in their own working hours):');
    const lines = text.split('\n').filter((l) => /people|person/.test(l) && /\d\d:\d\d/.test(l));
    expect(lines.map((l) => l.trim())).toEqual([
      expect.stringMatching(
        /^Asia\/Tokyo, \d+ (person|people): Thu Feb 18, 14:05 their time \(Thu Feb 18, 00:05 America\/New_York\)$/,
      ),
      expect.stringMatching(
        /^Europe\/London, \d+ (person|people): Thu Feb 18, 09:00 their time \(Thu Feb 18, 04:00 America\/New_York\)$/,
      ),
      expect.stringMatching(
        /^time zone unknown in Slack, so the cycle’s \(America\/New_York\), \d+ (person|people): Thu Feb 18, 09:00$/,
      ),
      expect.stringMatching(
        /^America\/Los_Angeles, \d+ (person|people): Thu Feb 18, 09:00 their time \(Thu Feb 18, 12:00 America\/New_York\)$/,
      ),
    ]);
    expect(standIn.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('sends each person’s scheduled reminder inside their own hours, once, whatever the restarts', async () => {
    clock = at('2021-02-18T00:05').getTime();
    const first = await service().scheduler.tick();
    expect(first.map((r) => [r.occurrence.key, r.summary.done])).toEqual([
      ['overdue-weekly:all-schools:2021-02-18', true],
    ]);
    const posts = standIn.callsTo('chat.postMessage').filter((c) => c.ok);
    const byZone = new Map<string, number>();
    for (const post of posts) {
      const zone = zoneOf(users, String(post.args['channel'])) || 'America/New_York';
      const local = new TZDate(post.at, zone);
      const minutes = local.getHours() * 60 + local.getMinutes();
      expect([zone, local.getDay()]).toEqual([zone, 4]); // Thursday there
      expect(minutes, `${zone} at ${local.toString()}`).toBeGreaterThanOrEqual(9 * 60);
      expect(minutes, `${zone} at ${local.toString()}`).toBeLessThan(17 * 60);
      byZone.set(zone, (byZone.get(zone) ?? 0) + 1);
    }
    // Every zone had someone to remind, and the summary counts each of them once.
    expect([...byZone.keys()].sort()).toEqual([
      'America/Los_Angeles',
      'America/New_York',
      'Asia/Tokyo',
      'Europe/London',
    ]);
    expect(first[0]?.summary.counts.sent).toBe(posts.length);
    const channels = posts.map((p) => String(p.args['channel']));
    expect(new Set(channels).size).toBe(channels.length);
    // Los Angeles is last, at 09:00 there (12:00 in New York).
    expect(new Date(posts.at(-1)?.at ?? 0).toISOString()).toBe('2021-02-18T17:00:00.000Z');

    // A restart later that day, and the next day: nothing goes out again.
    clock = at('2021-02-18T15:00').getTime();
    await service().scheduler.tick();
    clock = at('2021-02-19T10:00').getTime();
    await service().scheduler.tick();
    expect(standIn.callsTo('chat.postMessage').filter((c) => c.ok)).toHaveLength(posts.length);
  });

  it('a reminder whose person’s hours are over waits for their next working day', async () => {
    // Friday 19 February, 22:00 in New York: Saturday 12:00 in Tokyo, 03:00 in London; Friday 19:00 in LA.
    clock = at('2021-02-19T22:00').getTime();
    const before = standIn.callsTo('chat.postMessage').length;
    const s = service();
    const started = await s.broadcaster.start(
      { kind: 'reminder', template: 'overdue', audience: { state: 'overdue' } },
      { kind: 'person', id: ADMIN, grants: await store.grants(ADMIN) },
    );
    const summary = await s.broadcaster.run(started.campaignId);
    expect(summary.done).toBe(true);
    const posts = standIn
      .callsTo('chat.postMessage')
      .slice(before)
      .filter((c) => c.ok);
    expect(posts.length).toBe(started.recipients);
    for (const post of posts) {
      const zone = zoneOf(users, String(post.args['channel'])) || 'America/New_York';
      const local = new TZDate(post.at, zone);
      // Monday 22 February, from 09:00 there.
      expect([zone, local.getDate(), local.getDay(), local.getHours()]).toEqual([zone, 22, 1, 9]);
    }
  });

  it('a run waiting for a time zone’s hours does not hold back the next occurrence', async () => {
    // Its own database: the overdue reminders of Thursday 18 and Thursday 25 February.
    const own = await demoStore(tempDb());
    clock = at('2021-02-18T00:05').getTime();
    const before = standIn.callsTo('chat.postMessage').length;
    const s = createBroadcastService({
      store: own,
      content,
      port: slackBroadcastPort({ token: TOKEN, apiUrl: standIn.url, timeoutMs: 5000 }),
      ratePerMinute: 60_000,
      requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      now: () => new Date(clock),
      schedulerIntervalMs: 20,
      // Waiting for London's hours never ends in this test: the 18th's run stays open.
      sleep: () => new Promise<void>(() => {}),
    });
    const tokyo = users.find((u) => u.tz === 'Asia/Tokyo')?.id;
    const postsTo = (id: string | undefined) =>
      standIn
        .callsTo('chat.postMessage')
        .slice(before)
        .filter((c) => c.ok && c.args['channel'] === id);
    s.scheduler.start();
    try {
      await standIn.waitFor(() => postsTo(tokyo).length === 1, 10_000);
      clock = at('2021-02-25T00:05').getTime();
      await standIn.waitFor(() => postsTo(tokyo).length === 2, 10_000);
      expect((await own.campaigns.listCampaigns()).map((c) => c.scheduleKey).sort()).toEqual([
        'overdue-weekly:all-schools:2021-02-18',
        'overdue-weekly:all-schools:2021-02-25',
      ]);
    } finally {
      s.close();
    }
  });
});
