// Two app processes sending at once from one database keep to one rate between them: the rate is the
// workspace's (Slack limits chat.postMessage per workspace), not each process's.
import { describe, expect, it } from 'vitest';
import { createBroadcastService } from '../../src/broadcast/index.js';
import { slackBroadcastPort } from '../../src/slack/web-api/index.js';
import { openStore, parseRoster, type Store } from '../../src/store/index.js';
import { ENGINES, freshLocation } from '../support/engines.js';
import { startSlackStandIn } from '../support/slack-stand-in.js';
import { content } from './support.js';

const PER_CAMPAIGN = 30;
const RATE_PER_MINUTE = 1200; // 20 a second for the workspace

describe.each(ENGINES)('two senders on one %s database', (engine) => {
  it('send two campaigns at once at the workspace rate, not twice it', async () => {
    const location = await freshLocation(engine);
    const header =
      'email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor,slack_user_id';
    const id = (i: number) => `UP${String(i).padStart(4, '0')}`;
    const rows = Array.from(
      { length: PER_CAMPAIGN * 2 },
      (_, i) => `pace${i}@example.edu,Pace ${i},faculty,yes,,2010-01-01,,,,school,,Dept ${i % 2},no,${id(i)}`,
    );
    const seed = await openStore({ path: location, schedule: content.schedule });
    await seed.importRoster(parseRoster(`${header}\n${rows.join('\n')}\n`, 'pace.csv', content).records, {
      file: 'pace.csv',
    });
    await seed.close();
    const standIn = await startSlackStandIn({
      token: 'xoxb-pace',
      users: rows.map((_, i) => ({ id: id(i), email: `pace${i}@example.edu` })),
    });
    const stores: Store[] = [];
    try {
      const senders = await Promise.all(
        ['a', 'b'].map(async (holder) => {
          const store = await openStore({ path: location, schedule: content.schedule });
          stores.push(store);
          return createBroadcastService({
            store,
            content,
            port: slackBroadcastPort({ token: 'xoxb-pace', apiUrl: standIn.url, timeoutMs: 5000 }),
            ratePerMinute: RATE_PER_MINUTE,
            requestTimeoutMs: 5000,
            replica: { holder, leaseTtlMs: 5000 },
          }).broadcaster;
        }),
      );
      const admin = { kind: 'system', id: 'test' } as const;
      const campaigns = await Promise.all(
        senders.map((b, i) =>
          b.start(
            {
              kind: 'reminder',
              template: 'not-completed',
              audience: { state: 'not_completed', department: `Dept ${i}` },
            },
            admin,
          ),
        ),
      );
      expect(campaigns.map((c) => c.recipients)).toEqual([PER_CAMPAIGN, PER_CAMPAIGN]);
      const summaries = await Promise.all(senders.map((b, i) => b.run(campaigns[i]?.campaignId ?? 0)));
      expect(summaries.map((s) => s.counts.sent)).toEqual([PER_CAMPAIGN, PER_CAMPAIGN]);

      const times = standIn
        .callsTo('chat.postMessage')
        .filter((c) => c.ok)
        .map((c) => c.at)
        .sort((x, y) => x - y);
      expect(times).toHaveLength(PER_CAMPAIGN * 2);
      // 60 messages at 20 a second take about three seconds; each process alone at that rate would take half.
      const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
      expect(span).toBeGreaterThan((PER_CAMPAIGN * 2 - 1) * (60_000 / RATE_PER_MINUTE) * 0.9);
      // And no second holds much more than the rate: the slots are 50 ms apart, the timers that start the calls
      // may fire a little late and bunch a few (a loaded machine), never the doubled rate of two senders.
      const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
      expect(busiest).toBeLessThanOrEqual((RATE_PER_MINUTE / 60) * 1.3);
    } finally {
      for (const s of stores) s.close();
      await standIn.close();
    }
  });
});
