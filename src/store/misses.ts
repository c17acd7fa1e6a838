// What the bot keeps to learn from: questions it could not answer or that got a 👎, answer counts per kind and
// day, and the privacy-notice flag (migration 4). The store keeps what it is given: src/misses/recorder.ts
// redacts the text, checks it is not sensitive and dates it before anything reaches this file.
import { compiledOnce } from './compiled.js';
import type { StoreConnection } from './connection.js';
import { StoreError } from './errors.js';

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
  recordMiss(input: {
    text: string;
    reason: MissReason;
    faqId?: string | null;
    day: string;
  }): Promise<number>;
  /** Oldest first. */
  listMisses(): Promise<Miss[]>;
  miss(id: number): Promise<Miss | null>;
  /** Adds one to a day's count for an answer kind. */
  countAnswer(kind: string, day: string): Promise<void>;
  /** Adds each count to its day and kind, in one statement. */
  countAnswers(counts: readonly { kind: string; day: string; count: number }[]): Promise<void>;
  /** Every day and kind with a count, oldest day first. */
  answerCounts(): Promise<DayCount[]>;
  /** Deletes the misses dated `day` or earlier, overwriting their bytes; returns how many went. */
  purgeMissesUpTo(day: string): Promise<number>;
  /** True the first time it is asked for a Slack user id, false after: sets the flag as it reads it. */
  firstContact(slackUserId: string): Promise<boolean>;
  /** firstContact for several users in one statement: the ids whose flag this set (each once). */
  firstContacts(slackUserIds: readonly string[]): Promise<Set<string>>;
}

interface MissRow {
  id: number;
  text: string;
  reason: MissReason;
  faq_id: string | null;
  day: string;
}

export interface MissesOptions {
  /** After a purge that removed rows: make the engine drop the deleted text from its files too. */
  compact: () => Promise<void>;
}

export function createMissesRepository({ db }: StoreConnection, options: MissesOptions): MissesRepository {
  const misses = () => db.selectFrom('missed_questions').select(['id', 'text', 'reason', 'faq_id', 'day']);
  // A question the bot could not answer is kept as it comes: built and compiled once (compiled.ts).
  const insertMiss = compiledOnce<
    { text: string; reason: MissReason; faqId: string | null; day: string },
    { id: number }
  >((value) =>
    db
      .insertInto('missed_questions')
      .values({ text: value('text'), reason: value('reason'), faq_id: value('faqId'), day: value('day') })
      .returning('id'),
  );
  const repository: MissesRepository = {
    async recordMiss({ text, reason, faqId = null, day }) {
      const [row] = (await insertMiss(db, { text, reason, faqId, day })).rows;
      if (!row) throw new StoreError('The missed question was not recorded.');
      return row.id;
    },
    async listMisses() {
      return (await misses().orderBy('day').orderBy('id').execute()).map(toMiss);
    },
    async miss(id) {
      const row = await misses().where('id', '=', id).executeTakeFirst();
      return row ? toMiss(row) : null;
    },
    countAnswer(kind, day) {
      return repository.countAnswers([{ kind, day, count: 1 }]);
    },
    async countAnswers(counts) {
      // One row per day and kind: a statement may not update one row twice (PostgreSQL refuses it).
      const rows = new Map<string, { day: string; kind: string; count: number }>();
      for (const { kind, day, count } of counts) {
        const key = `${day}\u0000${kind}`;
        const row = rows.get(key);
        if (row) row.count += count;
        else rows.set(key, { day, kind, count });
      }
      if (rows.size === 0) return;
      await db
        .insertInto('answer_counts')
        .values([...rows.values()])
        .onConflict((conflict) =>
          conflict
            .columns(['day', 'kind'])
            .doUpdateSet((eb) => ({ count: eb('answer_counts.count', '+', eb.ref('excluded.count')) })),
        )
        .execute();
    },
    async answerCounts() {
      const rows = await db
        .selectFrom('answer_counts')
        .select(['day', 'kind', 'count'])
        .orderBy('day')
        .orderBy('kind')
        .execute();
      return rows.map((r) => ({ day: r.day, kind: r.kind, count: Number(r.count) }));
    },
    async purgeMissesUpTo(day) {
      const result = await db.deleteFrom('missed_questions').where('day', '<=', day).executeTakeFirst();
      const removed = Number(result.numDeletedRows);
      if (removed > 0) await options.compact();
      return removed;
    },
    async firstContact(slackUserId) {
      return (await repository.firstContacts([slackUserId])).has(slackUserId);
    },
    async firstContacts(slackUserIds) {
      const ids = [...new Set(slackUserIds)];
      if (ids.length === 0) return new Set();
      const rows = await db
        .insertInto('privacy_notice_shown')
        .values(ids.map((id) => ({ slack_user_id: id })))
        .onConflict((conflict) => conflict.doNothing())
        .returning('slack_user_id')
        .execute();
      return new Set(rows.map((r) => r.slack_user_id));
    },
  };
  return repository;
}

function toMiss(row: MissRow): Miss {
  return { id: row.id, text: row.text, reason: row.reason, faqId: row.faq_id, day: row.day };
}
