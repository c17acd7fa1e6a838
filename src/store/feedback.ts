// 👍/👎 on FAQ answers, counted per FAQ entry: no user, no question text, no time is kept (migration 3).
import type { Db } from './db.js';

export type FeedbackVote = 'up' | 'down';

export interface FeedbackCount {
  faqId: string;
  helpful: number;
  unhelpful: number;
}

export interface FeedbackRepository {
  record(faqId: string, vote: FeedbackVote): void;
  /** Every entry with a vote, by FAQ id. */
  counts(): FeedbackCount[];
}

export function createFeedbackRepository(db: Db): FeedbackRepository {
  const upsert = {
    up: db.prepare(
      'INSERT INTO faq_feedback (faq_id, helpful) VALUES (?, 1) ON CONFLICT (faq_id) DO UPDATE SET helpful = faq_feedback.helpful + 1',
    ),
    down: db.prepare(
      'INSERT INTO faq_feedback (faq_id, unhelpful) VALUES (?, 1) ON CONFLICT (faq_id) DO UPDATE SET unhelpful = faq_feedback.unhelpful + 1',
    ),
  };
  const all = db.prepare<[], { faq_id: string; helpful: number; unhelpful: number }>(
    'SELECT faq_id, helpful, unhelpful FROM faq_feedback ORDER BY faq_id',
  );
  return {
    record(faqId, vote) {
      upsert[vote].run(faqId);
    },
    counts: () => all.all().map((r) => ({ faqId: r.faq_id, helpful: r.helpful, unhelpful: r.unhelpful })),
  };
}
