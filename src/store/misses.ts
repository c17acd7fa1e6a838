// What the bot keeps to learn from: questions it could not answer or that got a 👎 (redacted, no user, the day
// only, deleted after the retention period), answer counts per kind and day, and the privacy-notice flag.
// Opens its own connection to the store's SQLite file (WAL allows several); the tables come from migration 4.
import type { AnswerKind } from '../answer/index.js';
import { redactQuestion } from '../privacy/redact.js';
import { dayIn } from '../rules/index.js';
import { openDatabase, StoreError } from './db.js';

/** Why a question was kept: the bot said it did not know, or the person marked the answer unhelpful. */
export type MissReason = 'unknown' | 'unhelpful';

export interface Miss {
  id: number;
  /** Redacted when it was written: this is all that was kept of the question. */
  text: string;
  reason: MissReason;
  /** The entry that got the 👎; null for an unanswered question. */
  faqId: string | null;
  /** YYYY-MM-DD in the store's time zone. */
  day: string;
}

export interface DayCount {
  day: string;
  kind: string;
  count: number;
}

export interface FeedbackTotals {
  faqId: string;
  helpful: number;
  unhelpful: number;
}

export interface MissesStoreOptions {
  /** The database file (the same one as the store), or ':memory:'. */
  path: string;
  /** Misses older than this many days are deleted: at open, and whenever `purgeExpired` runs. */
  retentionDays: number;
  /** Days are counted in this zone (the cycle's); default UTC. */
  timeZone?: string;
  now?: () => Date;
}

export interface MissesStore {
  /**
   * Keeps a question for content editors, redacted here whatever the caller did. Returns the new id, or null
   * when nothing is left to keep. The caller must never pass a sensitive message (src/misses/recorder.ts
   * checks again).
   */
  recordMiss(input: { text: string; reason: MissReason; faqId?: string | null }): number | null;
  /** Oldest first. */
  listMisses(): Miss[];
  miss(id: number): Miss | null;
  /** Adds one to today's count for an answer kind. */
  countAnswer(kind: AnswerKind): void;
  /** Every day and kind with a count, oldest day first. */
  answerCounts(): DayCount[];
  /** 👍/👎 per FAQ entry (the faq_feedback table of migration 3). */
  feedbackTotals(): FeedbackTotals[];
  /** Deletes misses past the retention period, overwriting their bytes; returns how many went. */
  purgeExpired(): number;
  /** True the first time it is asked for a Slack user id, false after: sets the flag as it reads it. */
  firstContact(slackUserId: string): boolean;
  readonly retentionDays: number;
  close(): void;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day `days` calendar days before `day` (YYYY-MM-DD), independent of any zone. */
export function daysBefore(day: string, days: number): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) - days * DAY_MS).toISOString().slice(0, 10);
}

export function createMissesStore(options: MissesStoreOptions): MissesStore {
  const now = options.now ?? (() => new Date());
  const zone = options.timeZone ?? 'UTC';
  const { retentionDays } = options;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new StoreError(
      `The retention period must be a whole number of days, at least 1 (got ${retentionDays}).`,
    );
  }
  const memory = options.path === ':memory:';
  // Purged questions must not linger in the file's free pages.
  const db = openDatabase(options.path, { secureDelete: true });
  const today = () => dayIn(now(), zone);

  const sql = {
    insertMiss: db.prepare('INSERT INTO missed_questions (text, reason, faq_id, day) VALUES (?, ?, ?, ?)'),
    allMisses: db.prepare<[], MissRow>(
      'SELECT id, text, reason, faq_id, day FROM missed_questions ORDER BY day, id',
    ),
    oneMiss: db.prepare<[number], MissRow>(
      'SELECT id, text, reason, faq_id, day FROM missed_questions WHERE id = ?',
    ),
    purge: db.prepare('DELETE FROM missed_questions WHERE day <= ?'),
    count: db.prepare(
      'INSERT INTO answer_counts (day, kind, count) VALUES (?, ?, 1) ON CONFLICT (day, kind) DO UPDATE SET count = count + 1',
    ),
    counts: db.prepare<[], DayCount>('SELECT day, kind, count FROM answer_counts ORDER BY day, kind'),
    feedback: db.prepare<[], { faq_id: string; helpful: number; unhelpful: number }>(
      'SELECT faq_id, helpful, unhelpful FROM faq_feedback ORDER BY faq_id',
    ),
    flag: db.prepare('INSERT OR IGNORE INTO privacy_notice_shown (slack_user_id) VALUES (?)'),
  };

  const store: MissesStore = {
    retentionDays,
    recordMiss({ text, reason, faqId = null }) {
      const kept = redactQuestion(text);
      if (kept === '') return null;
      return Number(sql.insertMiss.run(kept, reason, faqId, today()).lastInsertRowid);
    },
    listMisses: () => sql.allMisses.all().map(toMiss),
    miss(id) {
      const row = sql.oneMiss.get(id);
      return row ? toMiss(row) : null;
    },
    countAnswer(kind) {
      sql.count.run(today(), kind);
    },
    answerCounts: () => sql.counts.all(),
    feedbackTotals: () =>
      sql.feedback.all().map((r) => ({ faqId: r.faq_id, helpful: r.helpful, unhelpful: r.unhelpful })),
    purgeExpired() {
      const removed = sql.purge.run(daysBefore(today(), retentionDays)).changes;
      // Old copies of the pages may still sit in the write-ahead log until a checkpoint rewrites the file.
      if (removed > 0 && !memory) db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    },
    firstContact: (slackUserId) => sql.flag.run(slackUserId).changes === 1,
    close() {
      if (db.open) db.close();
    },
  };
  store.purgeExpired();
  return store;
}

interface MissRow {
  id: number;
  text: string;
  reason: MissReason;
  faq_id: string | null;
  day: string;
}

function toMiss(row: MissRow): Miss {
  return { id: row.id, text: row.text, reason: row.reason, faqId: row.faq_id, day: row.day };
}
