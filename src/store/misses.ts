// What the bot keeps to learn from: questions it could not answer or that got a 👎, answer counts per kind and
// day, and the privacy-notice flag (migration 4). The store keeps what it is given: src/misses/recorder.ts
// redacts the text, checks it is not sensitive and dates it before anything reaches this file.
import type { Db } from './db.js';

/** Why a question was kept: the bot said it did not know, or the person marked the answer unhelpful. */
export type MissReason = 'unknown' | 'unhelpful';

export interface Miss {
  id: number;
  /** Redacted before it was written: this is all that was kept of the question. */
  text: string;
  reason: MissReason;
  /** The entry that got the 👎; null for an unanswered question. */
  faqId: string | null;
  /** YYYY-MM-DD in the cycle's time zone. */
  day: string;
}

export interface DayCount {
  day: string;
  kind: string;
  count: number;
}

export interface MissesRepository {
  /**
   * Keeps a question for content editors exactly as given; returns the new id. The caller has redacted it and
   * made sure it is not a sensitive message: no user, no channel, the day only.
   */
  recordMiss(input: { text: string; reason: MissReason; faqId?: string | null; day: string }): number;
  /** Oldest first. */
  listMisses(): Miss[];
  miss(id: number): Miss | null;
  /** Adds one to a day's count for an answer kind. */
  countAnswer(kind: string, day: string): void;
  /** Every day and kind with a count, oldest day first. */
  answerCounts(): DayCount[];
  /** Deletes the misses dated `day` or earlier, overwriting their bytes; returns how many went. */
  purgeMissesUpTo(day: string): number;
  /** True the first time it is asked for a Slack user id, false after: sets the flag as it reads it. */
  firstContact(slackUserId: string): boolean;
}

interface MissRow {
  id: number;
  text: string;
  reason: MissReason;
  faq_id: string | null;
  day: string;
}

/** `memory`: an in-memory database has no write-ahead log to checkpoint after a purge. */
export interface MissesOptions {
  /** After a purge that removed rows: make the engine drop the deleted text from its files too. */
  compact: () => void;
}

export function createMissesRepository(db: Db, options: MissesOptions): MissesRepository {
  const sql = {
    insertMiss: db.prepare<[string, MissReason, string | null, string], { id: number }>(
      'INSERT INTO missed_questions (text, reason, faq_id, day) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    allMisses: db.prepare<[], MissRow>(
      'SELECT id, text, reason, faq_id, day FROM missed_questions ORDER BY day, id',
    ),
    oneMiss: db.prepare<[number], MissRow>(
      'SELECT id, text, reason, faq_id, day FROM missed_questions WHERE id = ?',
    ),
    purge: db.prepare('DELETE FROM missed_questions WHERE day <= ?'),
    count: db.prepare(
      'INSERT INTO answer_counts (day, kind, count) VALUES (?, ?, 1) ON CONFLICT (day, kind) DO UPDATE SET count = answer_counts.count + 1',
    ),
    counts: db.prepare<[], DayCount>('SELECT day, kind, count FROM answer_counts ORDER BY day, kind'),
    flag: db.prepare('INSERT INTO privacy_notice_shown (slack_user_id) VALUES (?) ON CONFLICT DO NOTHING'),
  };

  return {
    recordMiss({ text, reason, faqId = null, day }) {
      return (sql.insertMiss.get(text, reason, faqId, day) as { id: number }).id;
    },
    listMisses: () => sql.allMisses.all().map(toMiss),
    miss(id) {
      const row = sql.oneMiss.get(id);
      return row ? toMiss(row) : null;
    },
    countAnswer(kind, day) {
      sql.count.run(day, kind);
    },
    answerCounts: () => sql.counts.all(),
    purgeMissesUpTo(day) {
      const removed = sql.purge.run(day).changes;
      if (removed > 0) options.compact();
      return removed;
    },
    firstContact: (slackUserId) => sql.flag.run(slackUserId).changes === 1,
  };
}

function toMiss(row: MissRow): Miss {
  return { id: row.id, text: row.text, reason: row.reason, faqId: row.faq_id, day: row.day };
}
