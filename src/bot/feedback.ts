// 👍/👎 on FAQ answers: what the bot hands on. The counts are kept by the store (src/store/feedback.ts).

import type { Vote } from '../text/reply.js';

export type { Vote };

/** Which answer message a vote is on, and who cast it: one vote per person per answer. */
export interface Ballot {
  message: string;
  voter: string;
}

export interface FeedbackSink {
  /** 'unchanged' when the person had already cast this very vote on this answer. */
  record(
    faqId: string,
    vote: Vote,
    ballot?: Ballot,
  ): Promise<'counted' | 'changed' | 'unchanged' | undefined>;
}
