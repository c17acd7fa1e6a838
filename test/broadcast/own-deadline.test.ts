// Reminders by personal deadline (issue #28): Bayline's reminders.yml sends each person a reminder 30 and 7 days
// before their own deadline and on the first day it is overdue, once each, moved off weekends, through the
// real broadcast service and the Slack stand-in, day after day across restarts.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBroadcastService, occurrencesOn } from '../../src/broadcast/index.js';
import { DEFAULTS } from '../../src/config.js';
import { loadContent } from '../../src/content/load.js';
import { parseMoment } from '../../src/rules/index.js';
import { slackBroadcastPort } from '../../src/slack/web-api/index.js';
import { openStore, parseCompletions, parseRoster, type Store } from '../../src/store/index.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import { slackUsersFor, tempDb } from './support.js';

const BAYLINE = resolve(import.meta.dirname, '../../examples/institutions/bayline');
const content = loadContent(BAYLINE);
const ZONE = content.schedule.cycle.timeZone;
const at = (moment: string) => parseMoment(moment, ZONE);

const ROSTER = readFileSync(join(BAYLINE, 'roster.csv'), 'utf8');
const COMPLETIONS = readFileSync(join(BAYLINE, 'completions.csv'), 'utf8');

/**
 * The nightly HR export on `day`: the demo roster, with the seasonal workers' hours as they grow (the file
 * holds those of 2026-12-04). Uma reaches her limit first, then Tess; Sam is at 90 hours on the demo day and
 * past 100 ten days later.
 */
function rosterOn(day: string): string {
  const hours = (steps: [string, number][]) => steps.filter(([from]) => day >= from).at(-1)?.[1] ?? 0;
  const worked: Record<string, number> = {
    'uma.agency@example.com': hours([['2026-11-25', 104]]),
    'tess.temp@example.com': hours([['2026-12-01', 100]]),
    'sam.seasonal@example.com': hours([
      ['2026-12-04', 90],
      ['2026-12-14', 104],
    ]),
  };
  return ROSTER.split('\n')
    .map((line) => {
      const email = line.split(',')[0] ?? '';
      const h = worked[email];
      return h === undefined ? line : line.replace(/,yes,\d+,/, `,yes,${h},`);
    })
    .join('\n');
}

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
  const importRoster = async (day: string) => {
    const roster = parseRoster(rosterOn(day), 'roster.csv', content);
    expect(roster.issues).toEqual([]);
    await store.importRoster(roster.records, { file: 'roster.csv' });
  };
  beforeAll(async () => {
    store = await openStore({ path: db, schedule: content.schedule });
    await importRoster('2026-11-01');
    const completions = parseCompletions(COMPLETIONS, 'completions.csv', content);
    expect(completions.issues).toEqual([]);
    await store.importCompletions(completions.records);
    standIn = await startSlackStandIn({ token: 'xoxb-own', users: await slackUsersFor(store) });
  });
  afterAll(async () => {
    await store.close();
    await standIn.close();
  });

  it('reminds each person 30 and 7 days before their own deadline and when it is overdue, never twice, hours-based deadlines by their day part', async () => {
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
        // The nightly roster import first: the hours worked change, the store keeps the new count.
        await importRoster(iso);
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
            const hours =
              /(Or sooner: .*?whichever comes first\.|You have worked .*?whatever the date\.)/.exec(
                text,
              )?.[1];
            sent.push(
              `${iso} ${emailOf.get(String(call.args['channel']))}: ${text.includes(' ago)') ? `overdue, ${when} ago` : `${when} left`}${hours ? ` | ${hours}` : ''}`,
            );
          }
        }
      }
    } finally {
      service.close();
    }
    const soonerBy = (left: number) =>
      `Or sooner: once you have worked 100 hours (${left} hours from now), whichever comes first.`;
    const dueNow =
      'You have worked 100 hours, the limit of this deadline, so your training is due now, whatever the date.';
    const overdueNow =
      'You have worked more than 100 hours, the limit of this deadline, so your training is overdue now, whatever the date.';
    expect(sent).toEqual([
      // The seasonal and temporary deadline ("30 days or 100 hours") goes by its 30th day: Uma's is 2026-12-02.
      `2026-11-02 uma.agency@example.com: 30 days left | ${soonerBy(100)}`,
      // Wes's refresher (completed 2024-12-04) and Yuki's six months from hire both fall due on Friday 2026-12-04.
      '2026-11-04 wes.driver@example.com: 30 days left',
      '2026-11-04 yuki.office@example.com: 30 days left',
      // Rita's refresher was due 2026-11-04: the first day it is overdue is Thursday 2026-11-05.
      '2026-11-05 rita.refresher@example.com: overdue, 1 day ago',
      `2026-11-10 tess.temp@example.com: 30 days left | ${soonerBy(100)}`,
      `2026-11-20 sam.seasonal@example.com: 30 days left | ${soonerBy(100)}`,
      // Uma passed 100 hours before her date: the reminder still comes on its day, and says she is overdue now.
      `2026-11-25 uma.agency@example.com: 7 days left | ${overdueNow}`,
      '2026-11-27 wes.driver@example.com: 7 days left',
      '2026-11-27 yuki.office@example.com: 7 days left',
      `2026-12-03 tess.temp@example.com: 7 days left | ${dueNow}`,
      `2026-12-03 uma.agency@example.com: overdue, 1 day ago | ${overdueNow}`,
      // Nora's deadline is Monday 2027-01-04: 30 days before is a Saturday, so Friday.
      '2026-12-04 nora.newhire@example.com: 31 days left',
      // Wes and Yuki were first overdue on Saturday 2026-12-05: Monday.
      '2026-12-07 wes.driver@example.com: overdue, 3 days ago',
      '2026-12-07 yuki.office@example.com: overdue, 3 days ago',
      // Sam's 30th day is Sunday 2026-12-20: a week before is a Sunday too, so Friday; at 90 hours, 10 to go.
      `2026-12-11 sam.seasonal@example.com: 9 days left | ${soonerBy(10)}`,
      `2026-12-11 tess.temp@example.com: overdue, 1 day ago | ${dueNow}`,
      `2026-12-21 sam.seasonal@example.com: overdue, 1 day ago | ${overdueNow}`,
      '2026-12-28 nora.newhire@example.com: 7 days left',
      '2027-01-05 nora.newhire@example.com: overdue, 1 day ago',
    ]);
    // What Nora read a month ahead: her own deadline, not a group's window, and no hours (hers has none).
    const nora = standIn.calls.find(
      (c) => c.method === 'chat.postMessage' && c.ok && String(c.args['text']).includes('Hi Nora'),
    );
    expect(String(nora?.args['text'])).toContain(
      'your sexual harassment prevention training is due by the end of *Monday, January 4, 2027*: 31 days left.\n',
    );
    // What Sam read a week ahead: the 30th day as the date, the hours beside it.
    const sam = standIn.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.ok && String(c.args['text']).includes('Hi Sam'),
    );
    expect(String(sam[1]?.args['text'])).toContain(
      `is due by the end of *Sunday, December 20, 2026*: 9 days left. ${soonerBy(10)}\n`,
    );
  }, 180_000);
});
