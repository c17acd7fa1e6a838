// "When is my deadline?" for the second institution, Bayline Logistics (examples/institutions/bayline): no fixed
// windows, every deadline counted from the person's own dates (policy.yml `deadlines`). One line per case, each
// naming the FAQ entry it comes from; the people are the demo roster's on 2026-12-04, imported into the store
// (SQLite and PostgreSQL) and read back from it, promotion dates, seasonal work, hours and completions included.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import type { Profile } from '../../src/content/profile.js';
import {
  addSpan,
  evaluateStatus,
  type PersonalStatus,
  parseMoment,
  renderStatusText,
} from '../../src/rules/index.js';
import { openStore, parseCompletions, parseRoster, type Store } from '../../src/store/index.js';
import { ENGINES, type EngineName, freshLocation } from '../support/engines.js';

const BAYLINE = resolve(import.meta.dirname, '../../examples/institutions/bayline');
const content = loadContent(BAYLINE);
const ZONE = content.schedule.cycle.timeZone;
const TODAY = '2026-12-04';
const at = (moment: string) => parseMoment(moment, ZONE);

const opened: Store[] = [];
afterAll(async () => {
  for (const store of opened.splice(0)) await store.close();
});

/**
 * The demo roster and its completions imported as `cli roster import` and `cli completions import` do, into a
 * new database of `engine`; each person is then read back from the store, as the app reads someone who asks.
 */
async function demoStore(engine: EngineName): Promise<Store> {
  const store = await openStore({ path: await freshLocation(engine), schedule: content.schedule });
  opened.push(store);
  const roster = parseRoster(readFileSync(join(BAYLINE, 'roster.csv')), 'roster.csv', content);
  const completions = parseCompletions(
    readFileSync(join(BAYLINE, 'completions.csv')),
    'completions.csv',
    content,
  );
  expect([...roster.issues, ...completions.issues]).toEqual([]);
  await store.importRoster(roster.records, { file: 'roster.csv' });
  await store.importCompletions(completions.records);
  return store;
}

/** A person of the demo roster by their first name, as the store gives them. */
async function personIn(store: Store, name: string): Promise<Profile> {
  const found = (await store.listPeople()).find((p) => p.profile.name?.startsWith(name));
  if (!found) throw new Error(`no ${name} in the demo roster`);
  return found.profile;
}
const statusOf = (profile: Profile, moment = TODAY): PersonalStatus =>
  evaluateStatus(profile, content, at(moment));

describe.each(ENGINES)('Bayline: the demo roster on 2026-12-04, read from the store on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await demoStore(engine);
  });
  const person = (name: string) => personIn(store, name);

  // [faq, person, state, deadline, days left (negative: late), rule that applied, course that counts]
  // biome-ignore format: one line per case
  it.each<[string, string, PersonalStatus['state'], string, number | null, string, string]>([
    ['new-hire-deadline', 'Nora Newhire (hired five months ago)', 'open', '2027-01-04', 31, 'new-hire', 'E'],
    ['new-supervisor-deadline', 'Paco Promoted (promoted last week; the one-hour course in 2025)', 'open', '2027-05-27', 174, 'new-supervisor', 'S'],
    ['how-often', 'Rita Refresher (completed 25 months ago)', 'overdue', '2026-11-04', -30, 'refresher', 'E'],
    ['seasonal-temporary-deadline', 'Sam Seasonal (seasonal, 90 hours)', 'open', '2026-12-20', 16, 'seasonal-temporary', 'E'],
    ['seasonal-temporary-deadline', 'Tess Temp (seasonal, exactly 100 hours)', 'due_today', TODAY, null, 'seasonal-temporary', 'E'],
    ['agency-temps', 'Uma Agency (agency temp, 104 hours)', 'overdue', TODAY, null, 'seasonal-temporary', 'E'],
    ['how-often', 'Vic Veteran (supervisor course ten months ago)', 'completed', '2028-02-10', null, 'refresher', 'S'],
    ['how-often', 'Wes Driver (completed exactly two years ago)', 'due_today', TODAY, 0, 'refresher', 'E'],
    ['new-supervisor-deadline', 'Xena Lead (hired as a supervisor)', 'open', '2027-03-01', 87, 'new-hire', 'S'],
    ['new-hire-deadline', 'Yuki Office (hired exactly six months ago)', 'due_today', TODAY, 0, 'new-hire', 'E'],
    ['new-hire-deadline', 'Zoe August (hired on August 31)', 'open', '2027-02-28', 86, 'new-hire', 'E'],
  ])('%s: %s', async (faq, who, state, deadline, daysLeft, rule, course) => {
    const status = statusOf(await person(who.split(' (')[0] ?? who));
    expect(status.required).toBe(true);
    expect(status.state).toBe(state);
    expect(status.deadline).toBe(deadline);
    expect(state === 'overdue' ? (status.daysLate === null ? null : -status.daysLate) : status.daysLeft).toBe(
      state === 'completed' ? null : daysLeft,
    );
    expect(status.personal?.applied?.rule).toBe(rule);
    expect(status.personal?.requirement.modules).toEqual([course]);
    // The answer says which rule applied, citing the FAQ entry it comes from.
    const applied = status.reasons.find((r) => r.rule === rule);
    expect(applied?.faq).toBe(rule === 'new-hire' && faq === 'new-supervisor-deadline' ? 'new-hire-deadline' : faq === 'agency-temps' ? 'seasonal-temporary-deadline' : faq);
    expect(status.group).toBeNull();
    expect(status.window).toBeNull();
  });

  it('says which rule applied and why, for the promoted supervisor', async () => {
    const text = renderStatusText(statusOf(await person('Paco')), content);
    expect(text).toContain('Do you need to take it? Yes.');
    expect(text).toContain(
      'Supervisors, and anyone who manages or directs the work of others, take the two-hour supervisor course.',
    );
    expect(text).toContain(
      'Anyone promoted into a supervisor role must complete the supervisor training within six months of becoming a supervisor. Counted from the day you started your current role (Friday, November 27, 2026), your deadline is the end of Thursday, May 27, 2027.',
    );
    expect(text).toContain(
      'Open now: 174 days left. The deadline is the end of Thursday, May 27, 2027 (America/Los_Angeles time).',
    );
    expect(text).toContain(
      'You completed Course E on Friday, May 2, 2025; it does not count for the course your role takes now (Course S).',
    );
  });

  it('names the hours as well as the date for the seasonal worker at 90 hours, and the earliest of two rules', async () => {
    const status = statusOf(await person('Sam'));
    expect(status.personal?.applied?.hoursLeft).toBe(10);
    // Six months from hire applies too, but falls later: the shortest rule wins and the answer says so.
    expect(status.personal?.others.map((o) => [o.rule, o.due])).toEqual([['new-hire', '2027-05-20']]);
    const text = renderStatusText(status, content);
    expect(text).toContain(
      'Or sooner: once you have worked 100 hours (10 hours from now), whichever comes first. It is the earliest of the deadlines that apply to you; the other falls later (Thursday, May 20, 2027).',
    );
  });

  it('says the hours decided, not a day, once the limit is passed', async () => {
    expect(renderStatusText(statusOf(await person('Uma')), content)).toContain(
      'Overdue: you have worked more than 100 hours, the limit of the rule that applies to you.',
    );
    expect(renderStatusText(statusOf(await person('Tess')), content)).toContain(
      'Due now: you have worked 100 hours, the limit of the rule that applies to you.',
    );
  });

  it('shows the next refresher to someone whose completion still counts', async () => {
    expect(renderStatusText(statusOf(await person('Vic')), content)).toContain(
      'Completed on Tuesday, February 10, 2026 (Course S). Your next training is due by the end of Thursday, February 10, 2028 (America/Los_Angeles time).',
    );
  });

  it('counts "every two years" from the last completion the store has, a retake included', async () => {
    const later = await demoStore(engine);
    // The next LMS report: Rita retook the course last month; Vic's older supervisor course shows up too.
    const report = parseCompletions(
      'email,module,completed_on\nrita.refresher@example.com,E,2026-11-10\nvic.veteran@example.com,S,2024-02-01\n',
      'lms.csv',
      content,
    );
    expect(await later.importCompletions(report.records)).toMatchObject({ recorded: 1, earlier: 1 });
    const rita = await personIn(later, 'Rita');
    expect(rita.completions).toEqual([
      { module: 'E', on: '2024-11-04' },
      { module: 'E', on: '2026-11-10' },
    ]);
    const ritaNow = statusOf(rita);
    expect([ritaNow.state, ritaNow.completed, ritaNow.deadline]).toEqual([
      'completed',
      { module: 'E', on: '2026-11-10' },
      '2028-11-10',
    ]);
    const vic = statusOf(await personIn(later, 'Vic'));
    expect([vic.state, vic.completed, vic.deadline]).toEqual([
      'completed',
      { module: 'S', on: '2026-02-10' },
      '2028-02-10',
    ]);
  });
});

describe('Bayline: the edge days', () => {
  const hired = (startDate: string, more: Partial<Profile> = {}): Profile => ({
    role: 'warehouse_associate',
    paid: true,
    startDate,
    ...more,
  });
  // [faq, case, profile, moment, state, days left]
  // biome-ignore format: one line per case
  it.each<[string, string, Profile, string, PersonalStatus['state'], number | null]>([
    ['new-hire-deadline', 'the day before six months from hire', hired('2026-06-05'), TODAY, 'open', 1],
    ['new-hire-deadline', 'six months from hire: due today', hired('2026-06-04'), TODAY, 'due_today', 0],
    ['new-hire-deadline', 'the last minute of the deadline day, Pacific time', hired('2026-06-04'), '2026-12-05T07:59:00Z', 'due_today', 0],
    ['new-hire-deadline', 'midnight after it, Pacific time', hired('2026-06-04'), '2026-12-05T08:00:00Z', 'overdue', -1],
    ['new-hire-deadline', 'six months and a day from hire', hired('2026-06-03'), TODAY, 'overdue', -1],
    ['seasonal-temporary-deadline', '30 days from hire, 99 hours', hired('2026-11-04', { seasonal: true, hoursWorked: 99 }), TODAY, 'due_today', 0],
    ['seasonal-temporary-deadline', '29 days from hire, 99 hours', hired('2026-11-05', { seasonal: true, hoursWorked: 99 }), TODAY, 'open', 1],
    ['seasonal-temporary-deadline', 'day 2, 100 hours: the hours come first', hired('2026-12-02', { seasonal: true, hoursWorked: 100 }), TODAY, 'due_today', null],
    ['how-often', 'two years from the last completion, the day before', hired('2015-01-05', { completed: { module: 'E', on: '2024-12-05' } }), TODAY, 'completed', null],
    ['how-often', 'two years from the last completion', hired('2015-01-05', { completed: { module: 'E', on: '2024-12-04' } }), TODAY, 'due_today', 0],
    ['how-often', 'a leap day completion: due on February 28', hired('2015-01-05', { completed: { module: 'E', on: '2024-02-29' } }), '2026-02-28', 'due_today', 0],
    ['new-supervisor-deadline', 'promoted today', hired('2020-01-06', { supervisor: true, roleStart: TODAY }), TODAY, 'open', 182],
    ['new-supervisor-deadline', 'promoted, supervisor course already taken after the promotion', hired('2020-01-06', { supervisor: true, roleStart: '2026-10-01', completed: { module: 'S', on: '2026-10-15' } }), TODAY, 'completed', null],
    ['new-supervisor-deadline', 'promoted, only the one-hour course taken after the promotion', hired('2020-01-06', { supervisor: true, roleStart: '2026-10-01', completed: { module: 'E', on: '2026-10-15' } }), TODAY, 'open', 118],
  ])('%s: %s', (_faq, _case, profile, moment, state, daysLeft) => {
    const status = statusOf(profile, moment);
    expect(status.state).toBe(state);
    expect(state === 'overdue' ? -(status.daysLate ?? 0) : status.daysLeft).toBe(daysLeft);
  });

  it('asks for the start date when no rule can be counted without it', () => {
    const status = statusOf({ role: 'warehouse_associate', paid: true });
    expect(status.state).toBe('unknown');
    expect(status.missing).toEqual(['startDate']);
    expect(renderStatusText(status, content)).toContain('I need the date you were onboarded.');
  });

  it('adds spans the way the source counts them', () => {
    expect(addSpan('2026-08-31', { months: 6 })).toBe('2027-02-28');
    expect(addSpan('2024-02-29', { years: 2 })).toBe('2026-02-28');
    expect(addSpan('2026-12-20', { days: 30 })).toBe('2027-01-19');
  });
});
