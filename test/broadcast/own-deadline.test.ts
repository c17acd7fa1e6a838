// Reminders by personal deadline (issue #28): Bayline's reminders.yml sends each person a reminder 30 and 7 days
// before their own deadline and on the first day it is overdue, once each, moved off weekends, through the
// real broadcast service and the Slack stand-in, day after day across restarts.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastService, occurrencesOn } from '../../src/broadcast/index.js';
import { DEFAULTS } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';
import { parseMoment } from '../../src/rules/index.js';
import { slackBroadcastPort } from '../../src/slack/web-api/index.js';
import { openStore, parseCompletions, parseRoster, type Store } from '../../src/store/index.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { slackUsersFor, tempDb } from './support.js';

const content = loadContent(resolve(import.meta.dirname, '../../examples/institutions/bayline'));
const ZONE = content.schedule.cycle.timeZone;
const at = (moment: string) => parseMoment(moment, ZONE);

// The demo roster's people whose deadline the store can tell (no promotion date, seasonal work or hours).
const ROSTER = `email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor,slack_user_id
nora.newhire@example.com,Nora Newhire,warehouse_associate,yes,,2026-07-04,,,,,,Oakland Warehouse,no,U0BAY00001
rita.refresher@example.com,Rita Refresher,warehouse_associate,yes,,2019-06-10,,,,,,Dispatch,no,U0BAY00003
wes.driver@example.com,Wes Driver,warehouse_associate,yes,,2021-08-16,,,,,,Fleet,no,U0BAY00008
xena.lead@example.com,Xena Lead,warehouse_associate,yes,,2026-09-01,,,,,,Oakland Warehouse,yes,U0BAY00009
yuki.office@example.com,Yuki Office,warehouse_associate,yes,,2026-06-04,,,,,,Front Office,no,U0BAY00010
`;
const COMPLETIONS = `email,module,completed_on
rita.refresher@example.com,E,2024-11-04
wes.driver@example.com,E,2024-12-04
`;

describe('reminders by personal deadline: the occurrences', () => {
  // biome-ignore format: one line per day
  it.each<[string, string[], number[][]]>([
    // Friday: 30 and 7 days before, and those whose day falls on the weekend after (moved earlier).
    ['2026-12-04', ['own-deadline-in-30-days:own:2026-12-04', 'own-deadline-in-7-days:own:2026-12-04', 'own-deadline-overdue:own:2026-12-04'], [[30, 31, 32], [7, 8, 9], [-1]]],
    ['2026-12-05', [], []],
    ['2026-12-06', [], []],
    // Monday: the first overdue days that fell on the weekend before (moved later).
    ['2026-12-07', ['own-deadline-in-30-days:own:2026-12-07', 'own-deadline-in-7-days:own:2026-12-07', 'own-deadline-overdue:own:2026-12-07'], [[30], [7], [-1, -2, -3]]],
    ['2026-12-08', ['own-deadline-in-30-days:own:2026-12-08', 'own-deadline-in-7-days:own:2026-12-08', 'own-deadline-overdue:own:2026-12-08'], [[30], [7], [-1]]],
  ])('on %s', (day, keys, daysLeft) => {
    const found = occurrencesOn(content, day);
    expect(found.map((o) => o.key)).toEqual(keys);
    expect(found.map((o) => o.audience.daysLeft)).toEqual(daysLeft);
    expect(found.every((o) => o.group === null)).toBe(true);
  });
});

describe('reminders by personal deadline: sent once each, day after day', () => {
  let standIn: SlackStandIn;
  const db = tempDb();
  let store: Store;
  let clock = at('2026-11-01T10:05');
  beforeAll(async () => {
    store = await openStore({ path: db, schedule: content.schedule });
    const roster = parseRoster(ROSTER, 'roster.csv', content);
    const completions = parseCompletions(COMPLETIONS, 'completions.csv', content);
    expect([...roster.issues, ...completions.issues]).toEqual([]);
    await store.importRoster(roster.records, { file: 'roster.csv' });
    await store.importCompletions(completions.records);
    standIn = await startSlackStandIn({ token: 'xoxb-own', users: await slackUsersFor(store) });
  });
  afterAll(async () => {
    await store.close();
    await standIn.close();
  });

  it('reminds each person 30 and 7 days before their own deadline and when it is overdue, never twice', async () => {
    const service = createBroadcastService({
      store,
      content,
      port: slackBroadcastPort({
        token: 'xoxb-own',
        apiUrl: standIn.url,
        timeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      }),
      ratePerMinute: 60_000,
      requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      now: () => clock,
    });
    const sent: string[] = [];
    const emailOf = new Map(
      (await store.listPeople({ active: true })).map((p) => [p.slackUserId, p.profile.email]),
    );
    try {
      for (
        let day = new Date('2026-11-01T12:00:00Z');
        day <= new Date('2027-01-10T12:00:00Z');
        day = new Date(day.getTime() + 86_400_000)
      ) {
        const iso = day.toISOString().slice(0, 10);
        // The app ticks at 10:05 and again after a restart at 15:00: the second tick starts nothing new.
        for (const time of ['10:05', '15:00']) {
          clock = at(`${iso}T${time}`);
          const before = standIn.calls.length;
          const ran = await service.scheduler.tick();
          if (time === '15:00') expect(ran.every((r) => !r.created)).toBe(true);
          for (const call of standIn.calls.slice(before)) {
            if (call.method !== 'chat.postMessage' || !call.ok) continue;
            const text = String(call.args['text']);
            const when = /: (\d+ days?) left/.exec(text)?.[1] ?? /\((\d+ days?) ago\)/.exec(text)?.[1];
            sent.push(
              `${iso} ${emailOf.get(String(call.args['channel']))}: ${text.includes(' ago)') ? `overdue, ${when} ago` : `${when} left`}`,
            );
          }
        }
      }
    } finally {
      service.close();
    }
    expect(sent).toEqual([
      // Wes's refresher (completed 2024-12-04) and Yuki's six months from hire both fall due on Friday 2026-12-04.
      '2026-11-04 wes.driver@example.com: 30 days left',
      '2026-11-04 yuki.office@example.com: 30 days left',
      // Rita's refresher was due 2026-11-04: the first day it is overdue is Thursday 2026-11-05.
      '2026-11-05 rita.refresher@example.com: overdue, 1 day ago',
      '2026-11-27 wes.driver@example.com: 7 days left',
      '2026-11-27 yuki.office@example.com: 7 days left',
      // Nora's deadline is Monday 2027-01-04: 30 days before is a Saturday, so Friday.
      '2026-12-04 nora.newhire@example.com: 31 days left',
      // Wes and Yuki were first overdue on Saturday 2026-12-05: Monday.
      '2026-12-07 wes.driver@example.com: overdue, 3 days ago',
      '2026-12-07 yuki.office@example.com: overdue, 3 days ago',
      '2026-12-28 nora.newhire@example.com: 7 days left',
      '2027-01-05 nora.newhire@example.com: overdue, 1 day ago',
    ]);
    // What Nora read a month ahead: her own deadline, not a group's window.
    const nora = standIn.calls.find(
      (c) => c.method === 'chat.postMessage' && c.ok && String(c.args['text']).includes('Hi Nora'),
    );
    expect(String(nora?.args['text'])).toContain(
      'your sexual harassment prevention training is due by the end of *Monday, January 4, 2027*: 31 days left.',
    );
  }, 120_000);
});
