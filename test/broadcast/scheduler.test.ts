import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastService, dueOccurrences, occurrencesOn } from '../../src/broadcast/index.js';
import { DEFAULTS } from '../../src/config.js';
import { createLease } from '../../src/jobs/lease.js';
import { slackBroadcastPort } from '../../src/slack/web-api/index.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { acceptedPosts, at, content, demoStore, limitViolations, slackUsersFor, tempDb } from './support.js';

describe('scheduled reminders', () => {
  it.each([
    ['2021-01-13', ['window-opens:all-schools:2021-01-13']],
    ['2021-02-10', ['deadline-in-7-days:all-schools:2021-02-10']],
    ['2021-02-16', ['deadline-in-1-day:all-schools:2021-02-16']],
    ['2021-02-18', ['overdue-weekly:all-schools:2021-02-18']],
    ['2021-02-25', ['overdue-weekly:all-schools:2021-02-25']],
    ['2021-02-22', ['window-opens:vp-research:2021-02-22']],
    // VP for Research closes Friday 26 March: the first overdue day is a Saturday, sent on Monday.
    ['2021-03-27', []],
    ['2021-03-29', ['overdue-weekly:vp-research:2021-03-27']],
    ['2021-03-25', ['deadline-in-1-day:vp-research:2021-03-25']],
    ['2021-02-19', []],
    // Four weekly overdue reminders (overdueForDays: 28), then none: the last is 2021-03-18, not 03-25.
    ['2021-03-18', ['overdue-weekly:all-schools:2021-03-18']],
    ['2021-06-10', ['deadline-in-1-day:central-academic-admin:2021-06-10']],
    // Long after the cycle: nothing, whatever the weekday (the 2026-12-03, 12-07, 12-10).
    ['2026-12-03', []],
    ['2026-12-07', []],
    ['2026-12-10', []],
  ])('on %s', (day, keys) => {
    expect(occurrencesOn(content, day).map((o) => o.key)).toEqual(keys);
  });

  it('waits for the local hour in the cycle time zone', () => {
    expect(dueOccurrences(content, at('2021-02-18T09:59'))).toEqual([]);
    expect(dueOccurrences(content, at('2021-02-18T10:00')).map((o) => o.key)).toEqual([
      'overdue-weekly:all-schools:2021-02-18',
    ]);
    // 10:30 UTC is 05:30 in New York: not yet.
    expect(dueOccurrences(content, new Date('2021-02-18T10:30:00Z'))).toEqual([]);
  });

  describe('across restarts', () => {
    let standIn: SlackStandIn;
    const db = tempDb();
    beforeAll(async () => {
      const store = await demoStore(db);
      standIn = await startSlackStandIn({ token: 'xoxb-sched', users: await slackUsersFor(store) });
      await store.close();
    });
    afterAll(() => standIn.close());

    const boot = async (moment: string) => {
      const store = await demoStore(db);
      const service = createBroadcastService({
        store,
        content,
        port: slackBroadcastPort({
          token: 'xoxb-sched',
          apiUrl: standIn.url,
          timeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
        }),
        ratePerMinute: 6000,
        requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
        now: () => at(moment),
      });
      return {
        service,
        close: async () => {
          service.close();
          await store.close();
        },
      };
    };

    it('sends each scheduled reminder to each person once, whatever restarts happen', async () => {
      const first = await boot('2021-02-18T10:05');
      const [ran] = await first.service.scheduler.tick();
      await first.close();
      expect(ran?.created).toBe(true);
      expect(ran?.summary.counts).toMatchObject({ sent: 4, total: 4 });
      expect(acceptedPosts(standIn.calls).size).toBe(4);

      // The app restarts twice the same afternoon.
      for (const moment of ['2021-02-18T14:00', '2021-02-18T16:30']) {
        const again = await boot(moment);
        const [rerun] = await again.service.scheduler.tick();
        await again.close();
        expect(rerun?.created).toBe(false);
      }
      expect([...acceptedPosts(standIn.calls).values()]).toEqual([1, 1, 1, 1]);

      // A week later the next occurrence goes out, once more to each.
      const nextWeek = await boot('2021-02-25T11:00');
      const [weekly] = await nextWeek.service.scheduler.tick();
      await nextWeek.close();
      expect(weekly?.occurrence.key).toBe('overdue-weekly:all-schools:2021-02-25');
      expect([...acceptedPosts(standIn.calls).values()]).toEqual([2, 2, 2, 2]);
      expect(limitViolations(standIn.calls)).toEqual([]);
    });
  });
});

describe('the scheduler with two replicas on one database', () => {
  it('runs on the one holding the jobs lease, and on the other once the holder dies', async () => {
    const db = tempDb();
    const seed = await demoStore(db);
    const standIn = await startSlackStandIn({ token: 'xoxb-lease', users: await slackUsersFor(seed) });
    await seed.close();
    const ticks = { a: 0, b: 0 };
    const replicas = await Promise.all(
      (['a', 'b'] as const).map(async (name) => {
        const store = await demoStore(db);
        const lease = createLease({ leases: store.leases, name: 'jobs', holder: name, ttlMs: 400 });
        const service = createBroadcastService({
          store,
          content,
          port: slackBroadcastPort({ token: 'xoxb-lease', apiUrl: standIn.url, timeoutMs: 5000 }),
          ratePerMinute: 6000,
          requestTimeoutMs: 5000,
          now: () => at('2021-02-18T10:05'),
          schedulerIntervalMs: 20,
          replica: { holder: name, leaseTtlMs: 400 },
          leader: async () => {
            const held = await lease.held();
            if (held) ticks[name] += 1;
            return held;
          },
        });
        service.scheduler.start();
        return { name, store, service };
      }),
    );
    try {
      await standIn.waitFor((calls) => (acceptedPosts(calls).size >= 4 ? true : null), 10_000);
      await new Promise((r) => setTimeout(r, 300));
      const [holder, other] = ticks.a > 0 ? ['a', 'b'] : ['b', 'a'];
      expect(ticks[holder as 'a' | 'b']).toBeGreaterThan(3);
      expect(ticks[other as 'a' | 'b']).toBe(0);
      // Each of the four got the day's reminder once, whichever replica ran it.
      expect([...acceptedPosts(standIn.calls).values()]).toEqual([1, 1, 1, 1]);

      // The holder stops without letting go (a crash): the other takes over after the lease's 400 ms.
      replicas.find((r) => r.name === holder)?.service.close();
      await new Promise((r) => setTimeout(r, 800));
      expect(ticks[other as 'a' | 'b']).toBeGreaterThan(0);
      expect([...acceptedPosts(standIn.calls).values()]).toEqual([1, 1, 1, 1]);
    } finally {
      for (const r of replicas) {
        r.service.close();
        await r.store.close();
      }
      await standIn.close();
    }
  });
});

describe('cli remind --schedule', () => {
  it('lists what the scheduler would send and to how many people, and sends nothing', async () => {
    const { runCli } = await import('../../src/cli/main.js');
    const db = tempDb();
    (await demoStore(db)).close();
    const out: string[] = [];
    const code = await runCli(['remind', '--schedule', '--days', '10', '--on', '2021-02-08', '--db', db], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      readStdin: async () => '',
      env: {},
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('sent only when the app runs with REMINDERS=auto');
    expect(text).toMatch(
      /2021-02-10 {2}deadline-in-7-days \(All Schools \(including Faculty\)\): \d+ (people|person)/,
    );
    expect(text).toMatch(/2021-02-16 {2}deadline-in-1-day/);
    const store = await demoStore(db);
    try {
      expect(await store.campaigns.listCampaigns(10)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
