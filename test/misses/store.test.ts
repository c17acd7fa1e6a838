// The misses on a real SQLite file and a real PostgreSQL database: kept as the recorder gives them (redacted, dated by day), gone after retention.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMissRecorder,
  daysBefore,
  lastExpiredDay,
  purgeExpiredMisses,
} from '../../src/misses/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { ENGINES, freshLocation, outsideQuery } from '../support/engines.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

function clockAt(iso: string) {
  let at = new Date(iso);
  return { now: () => at, set: (next: string) => (at = new Date(next)) };
}

const ZONE = 'America/New_York';

async function open(path: string): Promise<Store> {
  const store = await openStore({ path });
  opened.push(store);
  return store;
}

/** What the app does at start-up and once a day. */
async function purge(store: Store, now: () => Date, retentionDays = 30): Promise<number> {
  return await purgeExpiredMisses(store.misses, { retentionDays, timeZone: ZONE, now });
}

/** The file and its write-ahead log as they are on disk. */
function rawBytes(path: string): string {
  return [path, `${path}-wal`]
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('');
}

/** The file PostgreSQL keeps the misses table in (it changes when the table is rewritten). */
async function tableFile(url: string): Promise<string> {
  const [row] = await outsideQuery<{ file: string }>(
    url,
    "SELECT pg_relation_filepath('missed_questions') AS file",
  );
  return row?.file ?? '';
}

describe.each(ENGINES)('the misses repository on %s', (engine) => {
  const tempDb = () => freshLocation(engine);

  it('writes a miss the recorder redacted, with no user id, and never the address', async () => {
    const path = await tempDb();
    const clock = clockAt('2021-02-10T15:00:00Z');
    const store = await open(path);
    const recorder = createMissRecorder({ misses: store.misses, now: clock.now, timeZone: ZONE });
    recorder.missed({ question: 'can I send my certificate to pat.lee@example.edu instead?' });
    await recorder.settled();
    const [kept] = await store.misses.listMisses();
    expect(kept).toEqual({
      id: kept?.id,
      text: 'can I send my certificate to [email] instead?',
      reason: 'unknown',
      faqId: null,
      day: '2021-02-10',
    });
    expect(await store.misses.miss(kept?.id ?? 0)).toEqual(kept);
    await store.close();
    if (engine === 'sqlite') expect(rawBytes(path)).not.toContain('pat.lee@example.edu');
    const columns = await outsideQuery<{ name: string }>(
      path,
      engine === 'sqlite'
        ? "SELECT name FROM pragma_table_info('missed_questions')"
        : "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'missed_questions' AND table_schema = current_schema()",
    );
    expect(columns.map((c) => c.name).sort()).toEqual(['day', 'faq_id', 'id', 'reason', 'text']);
  });

  it('keeps what it is given, on the day it is given', async () => {
    const store = await open(await tempDb());
    const id = await store.misses.recordMiss({
      text: 'already redacted',
      reason: 'unhelpful',
      faqId: 'sabbatical',
      day: '2021-02-10',
    });
    expect(await store.misses.miss(id)).toEqual({
      id,
      text: 'already redacted',
      reason: 'unhelpful',
      faqId: 'sabbatical',
      day: '2021-02-10',
    });
  });

  it('counts answers per given day and kind', async () => {
    const store = await open(await tempDb());
    await store.misses.countAnswer('faq', '2021-02-10');
    await store.misses.countAnswer('faq', '2021-02-10');
    await store.misses.countAnswer('sensitive', '2021-02-10');
    await store.misses.countAnswer('faq', '2021-02-09');
    expect(await store.misses.answerCounts()).toEqual([
      { day: '2021-02-09', kind: 'faq', count: 1 },
      { day: '2021-02-10', kind: 'faq', count: 2 },
      { day: '2021-02-10', kind: 'sensitive', count: 1 },
    ]);
  });

  it('deletes misses past the retention period, at start-up and on purge, and their bytes with them', async () => {
    const path = await tempDb();
    const clock = clockAt('2021-01-01T17:00:00Z');
    const first = await open(path);
    const recorder = createMissRecorder({ misses: first.misses, now: clock.now, timeZone: ZONE });
    recorder.missed({ question: 'old question about parking permits zq-old-1' });
    await recorder.settled();
    clock.set('2021-01-20T17:00:00Z');
    recorder.missed({ question: 'newer question about the cafeteria zq-new-2' });
    await recorder.settled();
    await first.close();

    // 30 days after the first: it goes when the app starts; the newer one stays.
    clock.set('2021-01-31T17:00:00Z');
    const second = await open(path);
    const fileBefore = engine === 'postgres' ? await tableFile(path) : null;
    expect(await purge(second, clock.now, 30)).toBe(1);
    expect((await second.misses.listMisses()).map((m) => m.text)).toEqual([
      'newer question about the cafeteria zq-new-2',
    ]);
    if (engine === 'sqlite') expect(rawBytes(path)).not.toContain('zq-old-1');
    // PostgreSQL keeps deleted rows in the table's file until it is rewritten: the purge rewrites it.
    else expect(await tableFile(path)).not.toBe(fileBefore);

    clock.set('2021-02-18T17:00:00Z');
    expect(await purge(second, clock.now, 30)).toBe(0);
    clock.set('2021-02-19T17:00:00Z');
    expect(await purge(second, clock.now, 30)).toBe(1);
    expect(await second.misses.listMisses()).toEqual([]);
    await second.close();
    if (engine === 'sqlite') expect(rawBytes(path)).not.toContain('zq-new-2');
  });

  it('keeps a miss for the whole retention period', async () => {
    const clock = clockAt('2021-03-01T12:00:00Z');
    const store = await open(await tempDb());
    const recorder = createMissRecorder({ misses: store.misses, now: clock.now, timeZone: ZONE });
    recorder.missed({ question: 'kept a week' });
    await recorder.settled();
    clock.set('2021-03-07T23:00:00Z');
    expect(await purge(store, clock.now, 7)).toBe(0);
    clock.set('2021-03-08T12:00:00Z');
    expect(await purge(store, clock.now, 7)).toBe(1);
  });

  it('says a Slack user is on a first contact once', async () => {
    const store = await open(await tempDb());
    expect(await store.misses.firstContact('U01AAA')).toBe(true);
    expect(await store.misses.firstContact('U01AAA')).toBe(false);
    expect(await store.misses.firstContact('U01BBB')).toBe(true);
  });

  it('shares the one connection with the feedback counts', async () => {
    const path = await tempDb();
    const store = await open(path);
    await outsideQuery(
      path,
      "INSERT INTO faq_feedback (faq_id, helpful, unhelpful) VALUES ('sabbatical', 3, 1)",
    );
    expect(await store.feedback.counts()).toEqual([{ faqId: 'sabbatical', helpful: 3, unhelpful: 1 }]);
  });

  it.each([0, -1, 1.5])('refuses a retention period of %j days', (days) => {
    expect(() => lastExpiredDay({ retentionDays: days, timeZone: ZONE, now: () => new Date() })).toThrow(
      `(got ${days})`,
    );
  });
});

describe('daysBefore', () => {
  it.each([
    ['2021-03-01', 1, '2021-02-28'],
    ['2021-01-31', 30, '2021-01-01'],
    ['2024-03-10', 10, '2024-02-29'],
  ])('%s minus %i days is %s', (day, n, expected) => {
    expect(daysBefore(day, n)).toBe(expected);
  });
});
