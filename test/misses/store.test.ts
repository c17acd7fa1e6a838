// The misses store on a real SQLite file: what it keeps is redacted, dated by day, and gone after retention.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { createMissesStore, daysBefore, type MissesStore } from '../../src/store/misses.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'misses-')), 'bot.db');
}

function clockAt(iso: string) {
  let at = new Date(iso);
  return { now: () => at, set: (next: string) => (at = new Date(next)) };
}

function open(path: string, now: () => Date, retentionDays = 30): MissesStore {
  const store = createMissesStore({ path, retentionDays, timeZone: 'America/New_York', now });
  opened.push(store);
  return store;
}

/** The file and its write-ahead log as they are on disk. */
function rawBytes(path: string): string {
  return [path, `${path}-wal`]
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('');
}

describe('createMissesStore', () => {
  it('stores a miss with an e-mail address redacted, with no user id', () => {
    const path = tempDb();
    const clock = clockAt('2021-02-10T15:00:00Z');
    const misses = open(path, clock.now);
    const id = misses.recordMiss({
      text: 'can I send my certificate to pat.lee@example.edu instead?',
      reason: 'unknown',
    });
    expect(id).not.toBeNull();
    expect(misses.miss(id as number)).toEqual({
      id,
      text: 'can I send my certificate to [email] instead?',
      reason: 'unknown',
      faqId: null,
      day: '2021-02-10',
    });
    misses.close();
    expect(rawBytes(path)).not.toContain('pat.lee@example.edu');
    const db = new Database(path, { readonly: true });
    const columns = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('missed_questions')")
      .all();
    db.close();
    expect(columns.map((c) => c.name).sort()).toEqual(['day', 'faq_id', 'id', 'reason', 'text']);
  });

  it('keeps nothing when nothing is left after redaction', () => {
    const misses = open(tempDb(), clockAt('2021-02-10T15:00:00Z').now);
    expect(misses.recordMiss({ text: '   ', reason: 'unknown' })).toBeNull();
    expect(misses.listMisses()).toEqual([]);
  });

  it('counts days in the given time zone', () => {
    // 03:00 UTC on the 11th is still the 10th in Cambridge.
    const misses = open(tempDb(), clockAt('2021-02-11T03:00:00Z').now);
    misses.countAnswer('faq');
    misses.countAnswer('faq');
    misses.countAnswer('sensitive');
    expect(misses.answerCounts()).toEqual([
      { day: '2021-02-10', kind: 'faq', count: 2 },
      { day: '2021-02-10', kind: 'sensitive', count: 1 },
    ]);
  });

  it('deletes misses past the retention period, at open and on purge, and their bytes with them', () => {
    const path = tempDb();
    const clock = clockAt('2021-01-01T17:00:00Z');
    const first = open(path, clock.now, 30);
    first.recordMiss({ text: 'old question about parking permits zq-old-1', reason: 'unknown' });
    clock.set('2021-01-20T17:00:00Z');
    first.recordMiss({ text: 'newer question about the cafeteria zq-new-2', reason: 'unknown' });
    first.close();

    // 30 days after the first: it goes when the store opens (start-up); the newer one stays.
    clock.set('2021-01-31T17:00:00Z');
    const second = open(path, clock.now, 30);
    expect(second.listMisses().map((m) => m.text)).toEqual(['newer question about the cafeteria zq-new-2']);
    expect(rawBytes(path)).not.toContain('zq-old-1');

    clock.set('2021-02-18T17:00:00Z');
    expect(second.purgeExpired()).toBe(0);
    clock.set('2021-02-19T17:00:00Z');
    expect(second.purgeExpired()).toBe(1);
    expect(second.listMisses()).toEqual([]);
    second.close();
    expect(rawBytes(path)).not.toContain('zq-new-2');
  });

  it('keeps a miss for the whole retention period', () => {
    const clock = clockAt('2021-03-01T12:00:00Z');
    const misses = open(tempDb(), clock.now, 7);
    misses.recordMiss({ text: 'kept a week', reason: 'unknown' });
    clock.set('2021-03-07T23:00:00Z');
    expect(misses.purgeExpired()).toBe(0);
    clock.set('2021-03-08T12:00:00Z');
    expect(misses.purgeExpired()).toBe(1);
  });

  it('says a Slack user is on a first contact once', () => {
    const misses = open(tempDb(), clockAt('2021-02-10T15:00:00Z').now);
    expect(misses.firstContact('U01AAA')).toBe(true);
    expect(misses.firstContact('U01AAA')).toBe(false);
    expect(misses.firstContact('U01BBB')).toBe(true);
  });

  it('shares the file with the store and reads its feedback counts', () => {
    const path = tempDb();
    const store = createStore({ path });
    opened.push(store);
    const misses = open(path, clockAt('2021-02-10T15:00:00Z').now);
    const db = new Database(path);
    db.prepare("INSERT INTO faq_feedback (faq_id, helpful, unhelpful) VALUES ('sabbatical', 3, 1)").run();
    db.close();
    expect(misses.feedbackTotals()).toEqual([{ faqId: 'sabbatical', helpful: 3, unhelpful: 1 }]);
    expect(store.stats().schemaVersion).toBeGreaterThanOrEqual(4);
  });

  it.each([0, -1, 1.5])('refuses a retention period of %j days', (days) => {
    expect(() => createMissesStore({ path: ':memory:', retentionDays: days })).toThrow(`(got ${days})`);
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
