// 👍/👎 on FAQ answers, counted per FAQ entry: no user, no question text, no time is kept (migration 3).
import type { Connection } from './connection.js';

export type FeedbackVote = 'up' | 'down';

export interface FeedbackCount {
  faqId: string;
  helpful: number;
  unhelpful: number;
}

export interface FeedbackRepository {
  record(faqId: string, vote: FeedbackVote): Promise<void>;
  /** Every entry with a vote, by FAQ id. */
  counts(): Promise<FeedbackCount[]>;
}

export function createFeedbackRepository(db: Connection): FeedbackRepository {
  return {
    async record(faqId, vote) {
      const column = vote === 'up' ? 'helpful' : 'unhelpful';
      await db
        .insertInto('faq_feedback')
        .values({ faq_id: faqId, [column]: 1 })
        .onConflict((conflict) =>
          conflict.column('faq_id').doUpdateSet((eb) => ({ [column]: eb(`faq_feedback.${column}`, '+', 1) })),
        )
        .execute();
    },
    async counts() {
      const rows = await db
        .selectFrom('faq_feedback')
        .select(['faq_id', 'helpful', 'unhelpful'])
        .orderBy('faq_id')
        .execute();
      return rows.map((r) => ({
        faqId: r.faq_id,
        helpful: Number(r.helpful),
        unhelpful: Number(r.unhelpful),
      }));
    },
  };
}
