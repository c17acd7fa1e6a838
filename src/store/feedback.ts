// 👍/👎 on FAQ answers, counted per FAQ entry: no question text and no time is kept (migration 3). One vote
// per person per answer message (migration 9): a ballot remembers the message and a one-way hash of the
// voter, so a second click on the same answer changes the vote instead of adding one.
import { createHash } from 'node:crypto';
import type { Connection, StoreConnection } from './connection.js';

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
  record(faqId: string, vote: FeedbackVote, ballot?: Ballot): Promise<VoteOutcome>;
  /** Every entry with a vote, by FAQ id. */
  counts(): Promise<FeedbackCount[]>;
}

const COLUMN = { up: 'helpful', down: 'unhelpful' } as const;

export function createFeedbackRepository(connection: StoreConnection): FeedbackRepository {
  const { db } = connection;
  const count = async (trx: Connection, faqId: string, vote: FeedbackVote) => {
    const column = COLUMN[vote];
    await trx
      .insertInto('faq_feedback')
      .values({ faq_id: faqId, [column]: 1 })
      .onConflict((conflict) =>
        conflict.column('faq_id').doUpdateSet((eb) => ({ [column]: eb(`faq_feedback.${column}`, '+', 1) })),
      )
      .execute();
  };
  const uncount = async (trx: Connection, faqId: string, vote: FeedbackVote) => {
    const column = COLUMN[vote];
    await trx
      .updateTable('faq_feedback')
      .set((eb) => ({ [column]: eb(column, '-', 1) }))
      .where('faq_id', '=', faqId)
      .where(column, '>', 0)
      .execute();
  };
  return {
    async record(faqId, vote, ballot) {
      if (!ballot) {
        await count(db, faqId, vote);
        return 'counted';
      }
      const voter = voterHash(ballot.voter);
      return connection.writing(async (trx) => {
        const before = await trx
          .selectFrom('feedback_ballots')
          .select(['faq_id', 'vote'])
          .where('message', '=', ballot.message)
          .where('voter', '=', voter)
          .executeTakeFirst();
        if (before && before.vote === vote && before.faq_id === faqId) return 'unchanged';
        if (before) await uncount(trx, before.faq_id, before.vote);
        await trx
          .insertInto('feedback_ballots')
          .values({ message: ballot.message, voter, faq_id: faqId, vote })
          .onConflict((conflict) =>
            conflict.columns(['message', 'voter']).doUpdateSet((eb) => ({
              faq_id: eb.ref('excluded.faq_id'),
              vote: eb.ref('excluded.vote'),
            })),
          )
          .execute();
        await count(trx, faqId, vote);
        return before ? 'changed' : 'counted';
      });
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

/** The voter as a ballot keeps them: a hash that tells two votes by one person apart from two people's. */
function voterHash(slackUserId: string): string {
  return createHash('sha256').update(`feedback-ballot:${slackUserId}`).digest('hex').slice(0, 32);
}
