// 👍/👎 on FAQ answers, counted per FAQ entry: no question text and no time is kept (migration 3). One vote
// per person per answer message (migration 9): a ballot remembers the message and a one-way hash of the
// voter, so a second click on the same answer changes the vote instead of adding one.
import { createHash } from 'node:crypto';
import type { Db } from './db.js';

export type FeedbackVote = 'up' | 'down';

export interface FeedbackCount {
  faqId: string;
  helpful: number;
  unhelpful: number;
}

/** Which answer message was voted on, and by whom (a Slack user id; only its hash is kept). */
export interface Ballot {
  message: string;
  voter: string;
}

/** What a vote did: counted, replaced the person's earlier vote on that answer, or changed nothing. */
export type VoteOutcome = 'counted' | 'changed' | 'unchanged';

export interface FeedbackRepository {
  /** Counts a vote; with a ballot, at most one per person per answer message (the last one stands). */
  record(faqId: string, vote: FeedbackVote, ballot?: Ballot): VoteOutcome;
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
  const take = {
    up: db.prepare('UPDATE faq_feedback SET helpful = helpful - 1 WHERE faq_id = ? AND helpful > 0'),
    down: db.prepare('UPDATE faq_feedback SET unhelpful = unhelpful - 1 WHERE faq_id = ? AND unhelpful > 0'),
  };
  const earlier = db.prepare<[string, string], { faq_id: string; vote: FeedbackVote }>(
    'SELECT faq_id, vote FROM feedback_ballots WHERE message = ? AND voter = ?',
  );
  const cast = db.prepare(
    'INSERT INTO feedback_ballots (message, voter, faq_id, vote) VALUES (?, ?, ?, ?) ON CONFLICT (message, voter) DO UPDATE SET faq_id = excluded.faq_id, vote = excluded.vote',
  );
  const vote = db.transaction((faqId: string, v: FeedbackVote, ballot: Ballot): VoteOutcome => {
    const voter = voterHash(ballot.voter);
    const before = earlier.get(ballot.message, voter);
    if (before && before.vote === v && before.faq_id === faqId) return 'unchanged';
    if (before) take[before.vote].run(before.faq_id);
    cast.run(ballot.message, voter, faqId, v);
    upsert[v].run(faqId);
    return before ? 'changed' : 'counted';
  });
  const all = db.prepare<[], { faq_id: string; helpful: number; unhelpful: number }>(
    'SELECT faq_id, helpful, unhelpful FROM faq_feedback ORDER BY faq_id',
  );
  return {
    record(faqId, v, ballot) {
      if (ballot) return vote.immediate(faqId, v, ballot);
      upsert[v].run(faqId);
      return 'counted';
    },
    counts: () => all.all().map((r) => ({ faqId: r.faq_id, helpful: r.helpful, unhelpful: r.unhelpful })),
  };
}

/** The voter as a ballot keeps them: a hash that tells two votes by one person apart from two people's. */
function voterHash(slackUserId: string): string {
  return createHash('sha256').update(`feedback-ballot:${slackUserId}`).digest('hex').slice(0, 32);
}
