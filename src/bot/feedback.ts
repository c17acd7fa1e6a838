// 👍/👎 on FAQ answers, counted per FAQ entry: no user, no question text, no time is kept.
// The store's interface has no feedback method yet, so this opens its own connection to the same SQLite file
// (WAL mode allows it); the table comes from the store's migration 3.
import { openDatabase } from '../store/db.js';

import type { Vote } from '../text/reply.js';

export type { Vote };

export interface FeedbackCount {
  faqId: string;
  helpful: number;
  unhelpful: number;
}

export interface FeedbackSink {
  record(faqId: string, vote: Vote): void;
}

export interface FeedbackStore extends FeedbackSink {
  counts(): FeedbackCount[];
  close(): void;
}

/** Counts kept in memory: for tests and a throwaway console. */
export function createMemoryFeedback(): FeedbackStore {
  const counts = new Map<string, FeedbackCount>();
  return {
    record(faqId, vote) {
      const count = counts.get(faqId) ?? { faqId, helpful: 0, unhelpful: 0 };
      if (vote === 'up') count.helpful += 1;
      else count.unhelpful += 1;
      counts.set(faqId, count);
    },
    counts: () => [...counts.values()].sort((a, b) => a.faqId.localeCompare(b.faqId)),
    close: () => {},
  };
}

export function createSqliteFeedback(path: string): FeedbackStore {
  const db = openDatabase(path);
  const upsert = {
    up: db.prepare(
      'INSERT INTO faq_feedback (faq_id, helpful) VALUES (?, 1) ON CONFLICT (faq_id) DO UPDATE SET helpful = helpful + 1',
    ),
    down: db.prepare(
      'INSERT INTO faq_feedback (faq_id, unhelpful) VALUES (?, 1) ON CONFLICT (faq_id) DO UPDATE SET unhelpful = unhelpful + 1',
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
    close() {
      if (db.open) db.close();
    },
  };
}
